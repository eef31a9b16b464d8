package com.dimosaic.vps.profile.internal;

import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.HostSpec;
import com.dimosaic.vps.profile.Inventory;
import com.dimosaic.vps.profile.Resources;
import com.dimosaic.vps.profile.SshSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds {@code hosts.yaml} (see {@link Inventory}): every host's keys are checked, names and
 * addresses must be unique, and what a host does not give comes from the profile's {@code host} and
 * {@code resources}.
 */
public final class InventoryBinder {
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
  private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private InventoryBinder() {}

  /** Binds the file's root; problems go to {@code src}. */
  public static Inventory bind(Fields.Source src, YamlNode root, Path dir, HostSpec profileHost, Resources profileResources) {
    Fields f = Fields.of(src, root, "", "hosts");
    if (!f.has("hosts")) {
      f.problem("hosts", "required key is missing (a list of hosts, each with name and address)");
    }
    List<YamlNode> items = f.list("hosts");
    List<FleetHost> hosts = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    Map<String, String> endpoints = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "hosts[" + i + "]";
      Fields h = f.item(items.get(i), path, "name", "address", "ipv6", "private", "ssh", "roles", "tags", "resources");
      String name = h.string("name");
      if (!h.has("name")) {
        h.problem("name", "required key is missing (the host's name in the fleet, e.g. web-1)");
      } else if (!NAME.matcher(name).matches()) {
        h.problem("name", "invalid host name '" + name + "': lower-case letters, digits, '.' and '-' (e.g. web-1)");
      } else if (names.putIfAbsent(name, path) != null) {
        h.problem("name", "duplicate host name '" + name + "' (also at " + names.get(name) + ")");
      }
      if (!h.has("address")) {
        h.problem("address", "required key is missing (the host's public address)");
      }
      Fields ssh = h.child("ssh"); // its keys are checked by hostSpec
      HostSpec spec = ProfileBinder.hostSpec(h, dir);
      // what the host's ssh: does not give comes from the profile's host.ssh
      SshSettings s = new SshSettings(ssh.has("port") ? spec.ssh().port() : profileHost.ssh().port(),
          ssh.has("user") ? spec.ssh().user() : profileHost.ssh().user(),
          ssh.has("hostKey") ? spec.ssh().hostKey() : Optional.empty(),
          ssh.has("knownHosts") ? spec.ssh().knownHosts() : profileHost.ssh().knownHosts());
      spec = new HostSpec(spec.address(), spec.ipv6(), s);
      String endpoint = spec.address() + ":" + s.port();
      if (!spec.address().isEmpty() && endpoints.putIfAbsent(endpoint, path) != null) {
        h.problem("address", "host " + endpoint + " is already in the fleet (at " + endpoints.get(endpoint) + ")");
      }
      Optional<String> privateAddress = h.optString("private");
      if (privateAddress.isPresent() && !Checks.ipv4(privateAddress.get()) && !Checks.ipv6(privateAddress.get())) {
        h.problem("private", "invalid address '" + privateAddress.get() + "': expected the IPv4 or IPv6 address the other hosts reach this one on");
      }
      List<String> roles = words(h, "roles");
      List<String> tags = words(h, "tags");
      Resources resources = h.has("resources")
          ? ProfileBinder.resources(h.child("resources", "minDiskGb", "minMemoryGb", "memoryGb"), profileResources)
          : profileResources;
      hosts.add(new FleetHost(name, spec, privateAddress, roles, tags, resources));
    }
    return new Inventory(hosts);
  }

  private static List<String> words(Fields h, String key) {
    List<String> out = new ArrayList<>();
    List<String> raw = h.strings(key);
    List<YamlNode> nodes = h.list(key);
    for (int i = 0; i < raw.size(); i++) {
      String w = raw.get(i);
      YamlNode at = i < nodes.size() ? nodes.get(i) : h.node();
      if (!WORD.matcher(w).matches()) {
        h.problem(at, h.path(key) + "[" + i + "]", "invalid " + key.substring(0, key.length() - 1) + " '" + w
            + "': a lower-case word such as " + String.join(", ", FleetHost.KNOWN_ROLES));
      } else if (out.contains(w)) {
        h.problem(at, h.path(key) + "[" + i + "]", "'" + w + "' is listed twice");
      } else {
        out.add(w);
      }
    }
    return out;
  }
}
