/**
 * mox on the host: {@link com.dimosaic.vps.mox.MoxConfig} (mox.conf, domains.conf in sconf),
 * {@link com.dimosaic.vps.mox.MoxDnsRecords} and {@link com.dimosaic.vps.mox.DkimKeys} (the records mox wants in DNS),
 * {@link com.dimosaic.vps.mox.CertSync} (certificates from Caddy to mox), {@link com.dimosaic.vps.mox.MoxInstall}
 * (installing and configuring mox) and {@link com.dimosaic.vps.mox.MoxBinary} (verifying a downloaded binary).
 */
package com.dimosaic.vps.mox;
