package com.dimosaic.vps;

import com.dimosaic.vps.dns.RecordChange;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.plan.Plan;
import com.dimosaic.vps.plan.PlanItem;
import com.dimosaic.vps.provision.PhaseOutline;
import com.dimosaic.vps.render.RenderedFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a deploy would do, computed offline: the files it would upload, the provisioning
 * steps, and the DNS changes against a provider.
 *
 * @param profile profile name
 * @param files generated files (secret files hold real values: mask them before showing)
 * @param phases provisioning steps in order
 * @param dnsProvider the provider the DNS plan was computed against
 * @param dns per-zone DNS changes
 * @param warnings non-fatal findings
 */
public record OfflinePlan(
    String profile, List<RenderedFile> files, List<PhaseOutline> phases, String dnsProvider, List<ZonePlan> dns,
    List<String> warnings) {
  /** Copies the lists. */
  public OfflinePlan {
    files = List.copyOf(files);
    phases = List.copyOf(phases);
    dns = List.copyOf(dns);
    warnings = List.copyOf(warnings);
  }

  /** The plan as a generic ordered list of intended changes (no secret values). */
  public Plan toPlan() {
    List<PlanItem> items = new ArrayList<>();
    for (PhaseOutline p : phases) {
      for (String s : p.steps()) {
        items.add(new PlanItem("phase " + p.number(), "run", p.name(), s));
      }
    }
    for (RenderedFile f : files) {
      items.add(new PlanItem("file", "upload", f.path(), "mode " + String.format("%04o", f.mode())
          + (f.secret() ? ", secret" : "") + ", " + f.content().length + " bytes"));
    }
    for (ZonePlan z : dns) {
      for (RecordChange c : z.changes()) {
        items.add(new PlanItem("dns " + z.zone(), c.action().name().toLowerCase(java.util.Locale.ROOT), c.display(),
            c.reason()));
      }
    }
    return new Plan("plan " + profile, items);
  }
}
