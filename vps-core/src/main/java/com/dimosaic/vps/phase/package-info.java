/**
 * The {@link com.dimosaic.vps.phase.Phase} seam: idempotent phases made of steps that report changed
 * or unchanged, and the {@link com.dimosaic.vps.phase.ProgressListener} that sees them live.
 */
package com.dimosaic.vps.phase;
