/** The {@link com.dimosaic.vps.progress.ProgressListener} seam for live progress of workflows. */
package com.dimosaic.vps.progress;
