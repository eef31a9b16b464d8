/**
 * Fleets: one workflow on many hosts of a profile's inventory ({@code hosts.yaml}), in parallel with a
 * concurrency cap or rolling a few hosts at a time behind a health gate, with one report (text, JSON,
 * JUnit with a test suite per host) and live progress per host. The engine here knows nothing of SSH
 * or of the workflows: {@link com.dimosaic.vps.fleet.Fleet} runs a {@link com.dimosaic.vps.fleet.HostTask}
 * per host and judges its result with a {@link com.dimosaic.vps.fleet.Judge}; the SDK's entry point
 * ({@code Vps.fleet}) supplies the connected workflows.
 */
package com.dimosaic.vps.fleet;
