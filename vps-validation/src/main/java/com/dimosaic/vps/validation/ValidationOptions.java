package com.dimosaic.vps.validation;

import com.dimosaic.vps.core.HostLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the generated checks probe, and how. Connectivity and resolution targets are configurable so
 * that tests point them only at the Debian package mirror or loopback; the address and ports this
 * machine connects to are configurable for hosts behind NAT, a tunnel or a port mapping.
 *
 * <pre>{@code
 * ValidationOptions o = ValidationOptions.builder()
 *     .probeAddress("127.0.0.1").publishedPort(443, 8443).publishedPort(993, 8993)
 *     .build();
 * }</pre>
 *
 * @param resolveNames names the host must resolve
 * @param connectivityUrls URLs the host must reach
 * @param httpsAddress the address the host's own HTTPS requests resolve site names to (default: the
 *     profile's host address)
 * @param httpsPort the HTTPS port on the host (default 443)
 * @param probeAddress where this machine connects for certificate checks (default: the profile's host address)
 * @param publishedPorts host port → port this machine connects to (default: the same port)
 * @param caddyDataDir Caddy's data folder on the host (default: the compose project's volume,
 *     {@code /var/lib/docker/volumes/<profile>_caddy_data/_data/caddy}); with {@code tls.mode: internal}
 *     its local CA is what certificates are verified against
 * @param moxHome mox's home folder
 * @param dnsResolvers resolvers ({@code host[:port]}) this machine asks for published records (the
 *     DANE TLSA check); empty: the profile's {@code dns.resolvers}
 */
public record ValidationOptions(List<String> resolveNames, List<String> connectivityUrls, Optional<String> httpsAddress, int httpsPort,
    Optional<String> probeAddress, Map<Integer, Integer> publishedPorts, Optional<String> caddyDataDir, String moxHome,
    List<String> dnsResolvers) {
  /** The defaults. */
  public static final ValidationOptions DEFAULT = builder().build();

  /** Copies the collections. */
  public ValidationOptions {
    resolveNames = List.copyOf(resolveNames);
    connectivityUrls = List.copyOf(connectivityUrls);
    publishedPorts = Map.copyOf(publishedPorts);
    dnsResolvers = List.copyOf(dnsResolvers);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port this machine connects to for the host's {@code port}. */
  public int probePort(int port) {
    return publishedPorts.getOrDefault(port, port);
  }

  /** Options. */
  public static final class Builder {
    private List<String> resolveNames = List.of("deb.debian.org");
    private List<String> connectivityUrls = List.of("https://deb.debian.org/debian/");
    private String httpsAddress;
    private int httpsPort = 443;
    private String probeAddress;
    private final Map<Integer, Integer> publishedPorts = new LinkedHashMap<>();
    private String caddyDataDir;
    private String moxHome = HostLayout.MOX_HOME;
    private List<String> dnsResolvers = List.of();

    private Builder() {}

    /** Resolvers this machine asks for published records (default: the profile's {@code dns.resolvers}). */
    public Builder dnsResolvers(List<String> resolvers) {
      this.dnsResolvers = List.copyOf(resolvers);
      return this;
    }

    /** Names the host must resolve (default {@code deb.debian.org}). */
    public Builder resolveNames(List<String> names) {
      this.resolveNames = List.copyOf(names);
      return this;
    }

    /** URLs the host must reach (default Debian's mirror). */
    public Builder connectivityUrls(List<String> urls) {
      this.connectivityUrls = List.copyOf(urls);
      return this;
    }

    /** The address the host's own HTTPS requests resolve site names to. */
    public Builder httpsAddress(String address) {
      this.httpsAddress = Objects.requireNonNull(address, "address == null");
      return this;
    }

    /** The HTTPS port on the host. */
    public Builder httpsPort(int port) {
      this.httpsPort = port;
      return this;
    }

    /** Where this machine connects for certificate checks. */
    public Builder probeAddress(String address) {
      this.probeAddress = Objects.requireNonNull(address, "address == null");
      return this;
    }

    /** The host's {@code port} is reached from here at {@code localPort} (NAT, tunnel, port mapping). */
    public Builder publishedPort(int port, int localPort) {
      publishedPorts.put(port, localPort);
      return this;
    }

    /** Caddy's data folder on the host. */
    public Builder caddyDataDir(String dir) {
      this.caddyDataDir = Objects.requireNonNull(dir, "dir == null");
      return this;
    }

    /** mox's home folder (default {@code /home/mox}). */
    public Builder moxHome(String dir) {
      this.moxHome = Objects.requireNonNull(dir, "dir == null");
      return this;
    }

    /** Builds. */
    public ValidationOptions build() {
      return new ValidationOptions(resolveNames, connectivityUrls, Optional.ofNullable(httpsAddress), httpsPort,
          Optional.ofNullable(probeAddress), publishedPorts, Optional.ofNullable(caddyDataDir), moxHome, dnsResolvers);
    }
  }
}
