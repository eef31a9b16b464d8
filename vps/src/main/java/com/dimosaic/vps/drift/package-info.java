/**
 * Drift: where a host or its DNS zone no longer matches the profile, found with the provisioning code
 * itself run in check mode ({@link com.dimosaic.vps.drift.Drift}, {@link com.dimosaic.vps.drift.DriftReport}),
 * put back through the same phases ({@link com.dimosaic.vps.drift.DriftRepair}), and watched on a schedule
 * with Prometheus metrics ({@link com.dimosaic.vps.drift.DriftWatch}).
 */
package com.dimosaic.vps.drift;
