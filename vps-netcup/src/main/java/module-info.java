/** The Netcup CCP DNS API as a {@code DnsProvider}. */
module com.dimosaic.vps.netcup {
  requires transitive com.dimosaic.vps.core;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports com.dimosaic.vps.netcup;
}
