package com.dimosaic.vps.plan;

import java.util.List;
import java.util.Objects;

/**
 * An ordered list of intended changes, shown before anything changes and serialisable to JSON
 * (a record; Jackson serialises it as is).
 *
 * @param title what the plan is for, e.g. {@code plan demo}
 * @param items the changes, in the order they would be made
 */
public record Plan(String title, List<PlanItem> items) {
  /** Copies the items. */
  public Plan {
    Objects.requireNonNull(title, "title == null");
    items = List.copyOf(items);
  }

  /** Whether nothing would change. */
  public boolean isEmpty() {
    return items.isEmpty();
  }
}
