/** Provisioning: the ten phases that take a bare host to a running stack, and their dry-run outline. */
package com.dimosaic.vps.provision;
