/**
 * Application delivery onto a provisioned host: static sites as releases behind an atomically
 * switched {@code current} link (no moment where the site is empty), under the deploy lock and
 * recorded in the host's audit log.
 */
package com.dimosaic.vps.app;
