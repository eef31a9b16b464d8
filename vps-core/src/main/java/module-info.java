/**
 * The model, the seams and the pure-Java parts of the SDK: the profile and its strict loader,
 * secrets (SOPS + age), DNS planning and propagation, the remote-host seam and its one quoting
 * helper, phases, plans, rendered files and TLS probes. {@code com.dimosaic.vps.profile.internal}
 * is the loader's implementation and is not exported.
 */
module com.dimosaic.vps.core {
  requires org.slf4j;
  requires org.yaml.snakeyaml;
  requires com.fasterxml.jackson.databind;
  requires org.bouncycastle.provider;
  requires org.dnsjava;

  exports com.dimosaic.vps.core;
  exports com.dimosaic.vps.dns;
  exports com.dimosaic.vps.phase;
  exports com.dimosaic.vps.plan;
  exports com.dimosaic.vps.profile;
  exports com.dimosaic.vps.remote;
  exports com.dimosaic.vps.render;
  exports com.dimosaic.vps.secrets;
  exports com.dimosaic.vps.secrets.age;
  exports com.dimosaic.vps.secrets.sops;
  exports com.dimosaic.vps.tls;

  // the file-backed DNS provider stores its records with Jackson
  opens com.dimosaic.vps.dns to com.fasterxml.jackson.databind;
}
