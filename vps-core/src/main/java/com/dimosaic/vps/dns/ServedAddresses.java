package com.dimosaic.vps.dns;

import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.Profile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses each served name's A and AAAA records hold. A single host serves every name. A
 * fleet ({@code hosts.yaml}) splits them by role: the web names (apex, www, routes, static sites)
 * point at every host with role {@code web} (several A records for one name), the mail names (the
 * mail host, {@code mta-sts}, {@code autoconfig}, which mox serves) at every host with role
 * {@code mail}. A role no host has falls back: web to the profile's own {@code host}, mail to the web
 * hosts.
 *
 * @param web the addresses of the web names
 * @param mail the addresses of the mail names
 */
public record ServedAddresses(HostAddresses web, HostAddresses mail) {
  /** One host's addresses for every name. */
  public static ServedAddresses single(HostAddresses addresses) {
    return new ServedAddresses(addresses, addresses);
  }

  /**
   * The addresses for a profile, with its fleet when it has one.
   *
   * @throws DnsException when a host name among the addresses does not resolve
   */
  public static ServedAddresses of(Profile p, HostAddresses.Resolver resolver) {
    if (p.inventory().isEmpty()) {
      return single(HostAddresses.of(p.host(), resolver));
    }
    // the profile's own host is resolved only when it serves the web names (no web host in the fleet)
    List<FleetHost> webHosts = p.inventory().withRole("web");
    HostAddresses web = webHosts.isEmpty() ? HostAddresses.of(p.host(), resolver) : merge(webHosts, resolver);
    List<FleetHost> mailHosts = p.inventory().withRole("mail");
    return new ServedAddresses(web, mailHosts.isEmpty() ? web : merge(mailHosts, resolver));
  }

  private static HostAddresses merge(List<FleetHost> hosts, HostAddresses.Resolver resolver) {
    Set<String> v4 = new LinkedHashSet<>();
    Set<String> v6 = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    for (FleetHost h : hosts) {
      HostAddresses a = HostAddresses.of(h.host(), resolver);
      v4.addAll(a.ipv4());
      v6.addAll(a.ipv6());
      a.note().ifPresent(n -> notes.add(h.name() + ": " + n));
    }
    return new HostAddresses(List.copyOf(v4), List.copyOf(v6), notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes)));
  }

  /** The addresses of one served name (absolute). */
  public HostAddresses forName(Profile p, String fqdn) {
    return mailNames(p).contains(fqdn) ? mail : web;
  }

  /** The notes of the addresses (host names resolved), each once. */
  public List<String> notes() {
    Set<String> out = new LinkedHashSet<>();
    web.note().ifPresent(out::add);
    mail.note().ifPresent(out::add);
    return List.copyOf(out);
  }

  private static Set<String> mailNames(Profile p) {
    if (!p.mail().enabled()) {
      return Set.of();
    }
    String primary = p.domains().primary();
    return Set.of(p.domains().mailFqdn(), "mta-sts." + primary, "autoconfig." + primary);
  }
}
