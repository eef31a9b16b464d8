/** Internal: host-key verification, socket tuning and fingerprints behind the SSH transport. Not API. */
package com.dimosaic.vps.ssh.internal;
