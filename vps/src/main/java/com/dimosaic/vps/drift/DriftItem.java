package com.dimosaic.vps.drift;

import java.util.Objects;
import java.util.Optional;

/**
 * One difference between the profile and the host or its zone.
 *
 * @param kind what kind of thing differs
 * @param phase the provisioning phase whose step would put it back ({@code dns} and {@code deploy} for
 *     records and containers)
 * @param subject what it is about: a path, a UFW rule, a container, a record
 * @param detail the difference in words (never a secret)
 * @param diff for a file: the unified diff of the host's file against the profile's, secrets masked
 * @param counted false for what is reported but is not drift (a DNS record the profile does not manage, a
 *     container's restarts)
 */
public record DriftItem(Kind kind, String phase, String subject, String detail, Optional<String> diff, boolean counted) {
  /** Checks the parts. */
  public DriftItem {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(phase, "phase == null");
    Objects.requireNonNull(subject, "subject == null");
    Objects.requireNonNull(detail, "detail == null");
    Objects.requireNonNull(diff, "diff == null");
  }

  /** What differs. */
  public enum Kind {
    /** A generated file: content (with a diff), mode or owner. */
    FILE("file", true),
    /** A package the profile needs is missing. */
    PACKAGE("package", true),
    /** A user, a group membership. */
    USER("user", true),
    /** A UFW rule the profile wants is missing. */
    FIREWALL_MISSING("firewall: missing rule", true),
    /** A UFW rule the profile does not know (removed only with prune). */
    FIREWALL_EXTRA("firewall: extra rule", false),
    /** A host setting: time zone, a unit enabled, unattended upgrades, the mox binary. */
    SETTING("setting", true),
    /** A profile service without a running container. */
    CONTAINER_MISSING("container: not running", true),
    /** A container of the stack the profile does not know (removed only with prune). */
    CONTAINER_EXTRA("container: extra", false),
    /** A container that restarted since it was created: listed with its count, not drift. */
    CONTAINER_RESTARTS("container: restarts", true),
    /** A container that runs another image than the desired reference. */
    CONTAINER_IMAGE("container: image", true),
    /** A DNS record at the provider missing or different. */
    DNS("dns", true),
    /** A DNS record the profile does not manage: listed, kept, never drift. */
    DNS_UNMANAGED("dns: unmanaged, kept", true),
    /** A check that could not run (its reason says why); counted, so that nothing passes unseen. */
    CHECK_FAILED("check failed", true);

    private final String displayName;
    private final boolean repairedByDefault;

    Kind(String displayName, boolean repairedByDefault) {
      this.displayName = displayName;
      this.repairedByDefault = repairedByDefault;
    }

    /** The name in reports. */
    public String displayName() {
      return displayName;
    }

    /** Whether a repair puts it back without {@code --prune} (an extra rule or container is only removed with it). */
    public boolean repairedByDefault() {
      return repairedByDefault;
    }
  }

  /** One line: {@code file: /home/app/docker/Caddyfile (content differs)}. */
  public String toText() {
    return kind.displayName() + ": " + subject + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
