package com.dimosaic.vps.provision;

import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.validation.Outcome;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of provisioning: every phase with its steps, changes and duration, the validation
 * report, and the result.
 *
 * @param profile profile name
 * @param host the host
 * @param started start time
 * @param took wall time
 * @param phases phase results in order (phases after a failure are absent)
 * @param result SUCCESS, FAILED, or REFUSED (pre-flight refused the host before any change)
 * @param failure what failed, when something did
 * @param validation the validation report, when phase 10 ran
 */
public record ProvisionReport(String profile, String host, Instant started, Duration took, List<PhaseResult> phases, Result result,
    Optional<String> failure, Optional<ValidationReport> validation) {
  /** How provisioning ended. */
  public enum Result {
    /** Every phase ran (or was skipped with a note). */
    SUCCESS,
    /** A phase failed; its cleanup ran. */
    FAILED,
    /** Pre-flight refused the host; nothing was changed. */
    REFUSED
  }

  /** Copies the phases. */
  public ProvisionReport {
    phases = List.copyOf(phases);
  }

  /** Steps that changed the host, over all phases. */
  public long changes() {
    return phases.stream().mapToLong(PhaseResult::changes).sum();
  }

  /** The human report. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("Provisioning report: profile ").append(profile).append(" on ").append(host).append('\n');
    sb.append("Started ").append(started).append(String.format(Locale.ROOT, ", took %.1f s%n%n", took.toMillis() / 1000.0));
    sb.append("Phases\n");
    for (PhaseResult p : phases) {
      String mark = switch (p.status()) {
        case OK -> "✓";
        case SKIPPED -> "-";
        case FAILED -> "✗";
      };
      sb.append(String.format(Locale.ROOT, "  %s %-20s %7.1f s  %s%n", mark, p.phase(), p.took().toMillis() / 1000.0,
          p.status() == PhaseResult.Status.OK ? p.steps().size() + " steps, " + p.changes() + " changed"
              : (p.status() == PhaseResult.Status.SKIPPED ? "skipped: " : "failed: ") + p.note().lines().findFirst().orElse("")));
      for (StepResult s : p.steps()) {
        if (s.changed()) {
          sb.append("      ~ ").append(s.step()).append(s.detail().isEmpty() ? "" : " (" + s.detail() + ")").append('\n');
        }
      }
    }
    validation.ifPresent(v -> {
      sb.append("\nServices\n");
      v.outcomes().stream().filter(o -> o.category().equals("Containers") && o.id().endsWith(".health")).forEach(o -> line(sb, o));
      sb.append("\nEndpoints\n");
      v.outcomes().stream().filter(o -> o.category().equals("Endpoints")).forEach(o -> line(sb, o));
      sb.append("\nCertificates\n");
      v.outcomes().stream().filter(o -> o.category().equals("Certificates")).forEach(o -> line(sb, o));
      sb.append("\nValidation: ").append(v.count(Status.PASS)).append(" passed, ").append(v.count(Status.WARN)).append(" warnings, ")
          .append(v.count(Status.FAIL)).append(" failed\n");
      v.problems().stream().filter(o -> !List.of("Endpoints", "Certificates").contains(o.category()) && !o.id().endsWith(".health"))
          .forEach(o -> line(sb, o));
    });
    sb.append("\nResult: ").append(result).append(" (").append(changes()).append(" change").append(changes() == 1 ? "" : "s").append(")\n");
    failure.ifPresent(f -> sb.append(f.strip()).append('\n'));
    return sb.toString();
  }

  private static void line(StringBuilder sb, Outcome o) {
    sb.append("  ").append(o.result().status().symbol()).append(' ').append(o.name()).append("  ").append(o.result().detail()).append('\n');
  }

  /** The report as JSON. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("profile", profile).put("host", host).put("started", started.toString()).put("durationMs", took.toMillis())
        .put("result", result.name()).put("changes", changes());
    failure.ifPresent(f -> root.put("failure", f));
    ArrayNode arr = root.putArray("phases");
    for (PhaseResult p : phases) {
      ObjectNode n = arr.addObject().put("phase", p.phase()).put("status", p.status().name()).put("durationMs", p.took().toMillis())
          .put("changes", p.changes()).put("note", p.note());
      ArrayNode steps = n.putArray("steps");
      p.steps().forEach(s -> steps.addObject().put("step", s.step()).put("changed", s.changed()).put("detail", s.detail()));
    }
    validation.ifPresent(v -> root.put("validationStatus", v.status().name()));
    try {
      return json.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
