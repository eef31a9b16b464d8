/**
 * The facade ({@code Vps}, {@code VpsSession}, {@code VpsFleet}) and the workflows: provisioning, deploy and rollback,
 * application delivery, fleets of hosts and Docker Swarm.
 */
module com.dimosaic.vps {
  requires transitive com.dimosaic.vps.core;
  requires transitive com.dimosaic.vps.compose;
  requires transitive com.dimosaic.vps.ssh;
  requires transitive com.dimosaic.vps.mox;
  requires transitive com.dimosaic.vps.netcup;
  requires transitive com.dimosaic.vps.validation;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;
  requires jdk.httpserver;
  requires java.net.http;

  exports com.dimosaic.vps;
  exports com.dimosaic.vps.app;
  exports com.dimosaic.vps.backup;
  exports com.dimosaic.vps.deploy;
  exports com.dimosaic.vps.drift;
  exports com.dimosaic.vps.fleet;
  exports com.dimosaic.vps.provision;
  exports com.dimosaic.vps.rollout;
  exports com.dimosaic.vps.stack;
  exports com.dimosaic.vps.swarm;
}
