/** mox on the host: install, configuration, DKIM and DNS records, certificate sync, DANE. */
module com.dimosaic.vps.mox {
  requires transitive com.dimosaic.vps.core;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.slf4j;

  exports com.dimosaic.vps.mox;
}
