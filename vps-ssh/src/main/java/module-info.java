/** {@code RemoteHost} over SSH (sshj): strict host keys, parallel channels, SFTP uploads, jump hosts. */
module com.dimosaic.vps.ssh {
  requires transitive com.dimosaic.vps.core;
  requires com.hierynomus.sshj;
  requires org.slf4j;

  exports com.dimosaic.vps.ssh;
}
