/** Checking what a TLS endpoint presents: {@link com.dimosaic.vps.tls.TlsCheck}. */
package com.dimosaic.vps.tls;
