/** The {@link com.dimosaic.vps.phase.Phase} seam: idempotent phases made of steps that report changed or unchanged. */
package com.dimosaic.vps.phase;
