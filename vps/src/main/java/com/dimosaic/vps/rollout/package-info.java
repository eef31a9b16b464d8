/**
 * How a changed service's containers are replaced on the host: {@link com.dimosaic.vps.rollout.Strategy
 * the strategy per service} (blue/green, restart, reload), {@link com.dimosaic.vps.rollout.BlueGreen the
 * blue/green switch} behind Caddy (new container beside the old, health gate, switch, drain, remove),
 * and {@link com.dimosaic.vps.rollout.CaddyRoutes Caddy's running configuration} (validate, graceful
 * reload, upstreams pointed at given containers).
 */
package com.dimosaic.vps.rollout;
