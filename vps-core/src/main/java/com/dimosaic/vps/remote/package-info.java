/**
 * The {@link com.dimosaic.vps.remote.RemoteHost} seam, remote commands built through the one quoting
 * helper {@link com.dimosaic.vps.remote.Shell}, and their results and failures.
 */
package com.dimosaic.vps.remote;
