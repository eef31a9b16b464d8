package com.dimosaic.vps.profile;

import com.dimosaic.vps.secrets.SecretsSource;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded, validated profile: everything the SDK needs to provision, deploy and validate one host.
 * Obtain one from {@link ProfileLoader}:
 *
 * <pre>{@code Profile profile = ProfileLoader.load(Path.of("profiles/prod"));}</pre>
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param directory the profile folder
 * @param name profile name
 * @param host the server
 * @param timezone IANA time zone, e.g. {@code Europe/Berlin}
 * @param os OS policy
 * @param domains domains
 * @param mail mail settings
 * @param dns DNS settings
 * @param docker Docker settings
 * @param resources pre-flight thresholds
 * @param tls certificate settings
 * @param firewall firewall additions
 * @param catalogue the service catalogue
 * @param secrets where secret values come from
 * @param warnings non-fatal findings (e.g. a plain, unencrypted secrets file)
 */
public record Profile(
    Path directory,
    String name,
    HostSpec host,
    String timezone,
    OsPolicy os,
    Domains domains,
    MailSettings mail,
    DnsSettings dns,
    DockerSettings docker,
    Resources resources,
    TlsSettings tls,
    FirewallSettings firewall,
    Catalogue catalogue,
    SecretsSource secrets,
    List<String> warnings) {
  /** Copies the warnings. */
  public Profile {
    warnings = List.copyOf(warnings);
  }

  /** The same profile with another secrets source (e.g. {@link SecretsSource#masked}). */
  public Profile withSecrets(SecretsSource source) {
    return new Profile(directory, name, host, timezone, os, domains, mail, dns, docker, resources, tls, firewall, catalogue,
        source, warnings);
  }
}
