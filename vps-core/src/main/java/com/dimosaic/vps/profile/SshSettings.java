package com.dimosaic.vps.profile;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach the host over SSH.
 *
 * @param port SSH port, default 22
 * @param user login user, default {@code root} (provisioning needs root; deploys connect as {@code app})
 * @param hostKey pinned host-key fingerprint such as {@code SHA256:…}, when given
 * @param knownHosts a known_hosts file (resolved against the profile folder), when given
 */
public record SshSettings(int port, String user, Optional<String> hostKey, Optional<Path> knownHosts) {}
