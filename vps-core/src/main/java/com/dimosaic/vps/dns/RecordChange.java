package com.dimosaic.vps.dns;

import java.util.Optional;

/**
 * One planned change of a zone.
 *
 * @param action create, update or delete
 * @param existing the record being updated or deleted
 * @param desired the record being created, or the new state of an updated one
 * @param reason why, e.g. {@code policy updated}
 */
public record RecordChange(Action action, Optional<ExistingRecord> existing, Optional<DnsRecord> desired, String reason) {
  /** What happens to the record. */
  public enum Action {
    /** Created. */
    CREATE,
    /** Changed in place (same provider id). */
    UPDATE,
    /** Deleted. */
    DELETE
  }

  /** A create. */
  public static RecordChange create(DnsRecord r, String reason) {
    return new RecordChange(Action.CREATE, Optional.empty(), Optional.of(r), reason);
  }

  /** An update. */
  public static RecordChange update(ExistingRecord from, DnsRecord to, String reason) {
    return new RecordChange(Action.UPDATE, Optional.of(from), Optional.of(to), reason);
  }

  /** A delete. */
  public static RecordChange delete(ExistingRecord r, String reason) {
    return new RecordChange(Action.DELETE, Optional.of(r), Optional.empty(), reason);
  }

  /** One line as the seed prints it: {@code + A newapp 203.0.113.50}, {@code ~ TXT _dmarc (policy updated)}, {@code - A oldapp}. */
  public String display() {
    return switch (action) {
      case CREATE -> "+ " + desired.orElseThrow().display();
      case UPDATE -> "~ " + desired.orElseThrow().type() + " " + desired.orElseThrow().name() + " (" + reason + ")";
      case DELETE -> "- " + existing.orElseThrow().record().type() + " " + existing.orElseThrow().record().name();
    };
  }
}
