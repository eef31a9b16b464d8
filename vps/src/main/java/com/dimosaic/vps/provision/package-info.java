/**
 * Provisioning: the phases that take a bare host to a running stack, one class each
 * ({@link com.dimosaic.vps.provision.PreflightPhase} … {@link com.dimosaic.vps.provision.ValidationPhase},
 * on {@link com.dimosaic.vps.provision.NumberedPhase}), run in order by
 * {@link com.dimosaic.vps.provision.Provisioner}, and their dry-run outline
 * ({@link com.dimosaic.vps.provision.ProvisioningOutline}).
 */
package com.dimosaic.vps.provision;
