/**
 * Application delivery onto a provisioned host, the way an application's CI does it: static sites
 * as releases behind an atomically switched {@code current} link ({@link com.dimosaic.vps.app.StaticSites});
 * container services redeployed to a (new) image with a registry login on stdin, or built on the
 * host from their repository's checkout ({@link com.dimosaic.vps.app.ContainerApps}) — each one
 * recreated alone, health-gated, with a return to the previous image on failure. Every delivery
 * takes the deploy lock and is recorded in the host's audit log.
 */
package com.dimosaic.vps.app;
