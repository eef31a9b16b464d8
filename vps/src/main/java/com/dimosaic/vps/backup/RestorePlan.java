package com.dimosaic.vps.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a restore would do, item by item, before anything is touched: which services it stops, what it replaces
 * and what it starts again, and the interruption to expect.
 *
 * @param point the point restored
 * @param actions one per item, in the order applied
 */
public record RestorePlan(String point, List<Action> actions) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Copies the list. */
  public RestorePlan {
    actions = List.copyOf(actions);
  }

  /**
   * One item's restore.
   *
   * @param item the item ({@code postgres:zitadel}, {@code mox}, ...)
   * @param stops services (or host units) stopped while it is replaced
   * @param replaces what is replaced
   * @param restarts services started again afterwards, each behind its health check
   * @param interruption the interruption to expect
   */
  public record Action(String item, List<String> stops, String replaces, List<String> restarts, String interruption) {
    /** Copies the lists. */
    public Action {
      stops = List.copyOf(stops);
      restarts = List.copyOf(restarts);
    }
  }

  /** The plan for people. */
  public String toText() {
    StringBuilder sb = new StringBuilder("Restore of backup point " + point + ":\n");
    for (Action a : actions) {
      sb.append(String.format(Locale.ROOT, "  %-20s replace %s%n", a.item(), a.replaces()));
      if (!a.stops().isEmpty()) {
        sb.append("                       stop ").append(String.join(", ", a.stops())).append(", start again: ")
            .append(String.join(", ", a.restarts())).append('\n');
      }
      sb.append("                       interruption: ").append(a.interruption()).append('\n');
    }
    return sb.toString();
  }

  /** The plan as JSON. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("point", point);
    m.put("actions", actions);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
