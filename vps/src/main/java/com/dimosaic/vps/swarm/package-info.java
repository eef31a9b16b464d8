/**
 * Docker Swarm over a fleet ({@code engine: swarm}): forming the swarm from the fleet's hosts over SSH
 * ({@link com.dimosaic.vps.swarm.SwarmFormation}: init on the first manager, joins with tokens that never
 * appear in a log or on a command line, node labels from roles, firewall rules between the fleet's own
 * addresses), deploying the generated stack with its configs and secrets and waiting for it to converge
 * or roll back ({@link com.dimosaic.vps.swarm.SwarmDeployer}), and the swarm's checks for validation
 * ({@link com.dimosaic.vps.swarm.SwarmChecks}).
 */
package com.dimosaic.vps.swarm;
