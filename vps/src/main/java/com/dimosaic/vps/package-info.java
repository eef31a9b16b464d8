/** The SDK's entry point {@link com.dimosaic.vps.Vps} and the results of its workflows. */
package com.dimosaic.vps;
