package com.dimosaic.vps.drift;

import com.dimosaic.vps.backup.BackupInstall;
import com.dimosaic.vps.core.Failures;
import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.ExistingRecord;
import com.dimosaic.vps.dns.RecordChange;
import com.dimosaic.vps.dns.TlsaSource;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.mox.CertSync;
import com.dimosaic.vps.mox.MoxBinary;
import com.dimosaic.vps.mox.MoxDkim;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.mox.MoxTlsa;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.provision.DockerPhase;
import com.dimosaic.vps.provision.EnvironmentPhase;
import com.dimosaic.vps.provision.FirewallPhase;
import com.dimosaic.vps.provision.MoxPhase;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.provision.Provisioner;
import com.dimosaic.vps.provision.Steps;
import com.dimosaic.vps.provision.SystemPhase;
import com.dimosaic.vps.provision.UsersPhase;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.stack.ImagePins;
import com.dimosaic.vps.stack.StackDir;
import com.dimosaic.vps.validation.CheckContext;
import com.dimosaic.vps.validation.CheckResult;
import com.dimosaic.vps.validation.Checks;
import com.dimosaic.vps.validation.ServiceAccess;
import com.dimosaic.vps.validation.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares one profile with one host and its DNS zone, read-only, with the code that provisions: the
 * provisioning phases (system, users, firewall, docker, mox, the stack's files, the backup units, the
 * mail certificate's sync) run against a {@link CheckOnlyHost} — every look goes to the host, no
 * change does — and each step they report as "changed" is an item of drift, with the unified diff for
 * a file. The containers (missing, stopped, extra, running another image than the desired reference)
 * and the zone at the DNS provider (missing and different records; records the profile does not
 * manage listed, never counted) are compared beside them.
 *
 * <pre>{@code
 * DriftReport r = vps.drift(profile, ProvisionOptions.builder().dnsProviders(p -> DnsProviders.open(p, ...)).build(profile));
 * if (!r.clean()) System.err.print(r.toText());
 * }</pre>
 */
public final class Drift {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RemoteHost host;
  private final Profile profile;
  private final ProvisionOptions options;
  private final Optional<Set<String>> only;

  /** Drift of {@code profile} on {@code host} (a session's host for the profile, so that diffs are redacted). */
  public Drift(RemoteHost host, Profile profile, ProvisionOptions options) {
    this(host, profile, options, Optional.empty());
  }

  private Drift(RemoteHost host, Profile profile, ProvisionOptions options, Optional<Set<String>> only) {
    this.host = Objects.requireNonNull(host, "host == null");
    this.profile = Objects.requireNonNull(profile, "profile == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.only = only;
  }

  /**
   * The same check limited to these areas: phase names ({@code system}, {@code users}, {@code firewall},
   * {@code docker}, {@code mox}, {@code docker environment}, {@code backups}, {@code certificates}) and
   * {@code containers}, {@code dns}.
   */
  public Drift only(Set<String> areas) {
    return new Drift(host, profile, options, Optional.of(Set.copyOf(areas)));
  }

  private boolean wanted(String area) {
    return only.map(o -> o.contains(area)).orElse(true);
  }

  /**
   * The phases a drift check runs in check mode, in provisioning order; for a repair ({@code repair})
   * mox's phase takes the binary from the options' source (a check compares the installed one's sum).
   */
  List<Phase> phases(boolean repair) {
    MoxInstall.Source mox = repair ? options.moxSource().orElse(MoxInstall.Source.installed()) : MoxInstall.Source.installed();
    List<Phase> phases = new ArrayList<>(List.of(new SystemPhase(), new UsersPhase(), new FirewallPhase(),
        new DockerPhase(options.dockerRepository()), new MoxPhase(Optional.of(mox)), new EnvironmentPhase()));
    if (profile.backup().enabled()) {
      phases.add(simple("backups", ctx -> {
        List<StepResult> out = new ArrayList<>();
        out.add(Steps.ensurePackages(ctx.host(), profile.backup().sftp().isPresent() ? List.of("restic", "openssh-client")
            : List.of("restic")));
        out.addAll(BackupInstall.of(profile).apply(ctx.host()));
        return out;
      }));
    }
    if (profile.mail().enabled()) {
      phases.add(simple("certificates", ctx -> {
        CertSync sync = CertSync.builder(profile.domains().mailFqdn()).caddyDataDir(options.caddyDataDir()).dane(profile.mail().dane())
            .build();
        List<StepResult> out = new ArrayList<>(sync.install(ctx.host()));
        out.add(sync.run(ctx.host()));
        return out;
      }));
    }
    return phases;
  }

  /** Runs the check (see the class description); touches nothing. */
  public DriftReport check(ProgressListener listener) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<DriftItem> items = new ArrayList<>();
    Map<String, Integer> checked = new LinkedHashMap<>();
    CheckOnlyHost check = new CheckOnlyHost(host);
    for (Phase phase : phases(false)) {
      if (!wanted(phase.name())) {
        continue;
      }
      int[] mark = {check.mark()};
      int[] steps = {0};
      // a phase may report its steps only at its end (mox's installer): a changed step takes the writes recorded since the
      // last changed step, an unchanged one lets only the commands go
      List<CheckOnlyHost.Intent> pending = new ArrayList<>();
      ProgressListener recorder = new ProgressListener() {
        @Override
        public void stepFinished(String name, StepResult step) {
          pending.addAll(check.since(mark[0]));
          mark[0] = check.mark();
          steps[0]++;
          classify(name, step, List.copyOf(pending), items);
          if (step.changed()) {
            pending.clear();
          } else {
            pending.removeIf(i -> i.path().isEmpty());
          }
          listener.stepFinished(name, step);
        }
      };
      listener.phaseStarted(phase.name());
      ProvisionReport r = Provisioner.of(List.of(phase)).run(check, profile, recorder);
      PhaseResult result = r.phases().get(0);
      if (result.status() == PhaseResult.Status.FAILED) {
        items.add(new DriftItem(DriftItem.Kind.CHECK_FAILED, phase.name(), phase.name(), result.note(), Optional.empty(), true));
      }
      if (result.status() != PhaseResult.Status.SKIPPED) {
        checked.put(phase.name(), steps[0]);
      }
      listener.phaseFinished(result);
    }
    if (profile.mail().enabled() && wanted("mox")) {
      moxBinary(check, items);
    }
    if (profile.mail().enabled() && wanted("certificates")) {
      // the validation's own check: mox serves Caddy's newest certificate for the mail host (a key staged for DANE is not drift)
      CheckResult cert = Checks.moxCertificateMatchesCaddy(profile.domains().mailFqdn(), HostLayout.MOX_CERTS, options.caddyDataDir())
          .run(new CheckContext(check, profile, ServiceAccess.host()));
      if (cert.status() == Status.FAIL) {
        items.add(new DriftItem(DriftItem.Kind.SETTING, "certificates", "mox certificate for " + profile.domains().mailFqdn(),
            cert.detail(), Optional.empty(), true));
      }
    }
    if (wanted("containers")) {
      listener.phaseStarted("containers");
      checked.put("containers", containers(check, items));
      listener.phaseFinished(new PhaseResult("containers", PhaseResult.Status.OK, List.of(), Duration.ZERO, ""));
    }
    options.dnsProviders().filter(p -> wanted("dns") && !profile.dns().provider().equals("none")).ifPresent(providers -> {
      listener.phaseStarted("dns");
      checked.put("dns", dns(check, providers.apply(profile), items));
      listener.phaseFinished(new PhaseResult("dns", PhaseResult.Status.OK, List.of(), Duration.ZERO, ""));
    });
    return new DriftReport(profile.name(), host.describe(), started, Duration.ofNanos(System.nanoTime() - t0), items, checked);
  }

  /** A "changed" step is drift; an unmanaged UFW rule (reported unchanged by provisioning) is an extra rule. */
  static void classify(String phase, StepResult step, List<CheckOnlyHost.Intent> intents, List<DriftItem> items) {
    String s = step.step();
    if (!step.changed()) {
      if (phase.equals("firewall") && s.endsWith(" (not managed; kept)")) {
        String rule = s.substring(0, s.length() - " (not managed; kept)".length());
        items.add(new DriftItem(DriftItem.Kind.FIREWALL_EXTRA, phase, rule, "not in the profile; removed only with --prune",
            Optional.empty(), true));
      }
      return;
    }
    // the package lists' age and pending upgrades are upkeep, not desired state; a restart after a drifted file is its consequence
    if (phase.equals("system") && (s.startsWith("apt-get update") || s.startsWith("apt-get upgrade") || s.startsWith("dpkg"))
        || step.detail().equals("configuration or binary changed")) {
      return;
    }
    // a write whose content equals the host's (a file staged beside one that differs) is not drift
    List<CheckOnlyHost.Intent> writes = intents.stream().filter(i -> i.path().isPresent())
        .filter(i -> i.diff().map(d -> !d.isEmpty()).orElse(true)).toList();
    if (!writes.isEmpty()) {
      for (CheckOnlyHost.Intent w : writes) {
        String detail = step.detail().equals("created") ? "missing" : w.diff().isPresent() ? "content differs" : step.detail();
        items.add(new DriftItem(DriftItem.Kind.FILE, phase, w.path().orElseThrow(), detail + " (" + s + ")", w.diff(), true));
      }
      return;
    }
    Optional<CheckOnlyHost.Intent> attribute = intents.stream().filter(i -> i.what().startsWith("chmod ") || i.what().startsWith("chown "))
        .findFirst();
    if (attribute.isPresent()) { // the content is right, the mode or owner is not
      String w = attribute.get().what();
      items.add(new DriftItem(DriftItem.Kind.FILE, phase, w.substring(w.lastIndexOf(' ') + 1), step.detail() + " (" + s + ")",
          Optional.empty(), true));
      return;
    }
    DriftItem.Kind kind = s.startsWith("packages ") ? DriftItem.Kind.PACKAGE
        : phase.equals("users") && (s.startsWith("user ") || s.startsWith("app in group")) ? DriftItem.Kind.USER
        : phase.equals("firewall") && s.startsWith("ufw ") && !s.equals("ufw enabled") ? DriftItem.Kind.FIREWALL_MISSING
        : DriftItem.Kind.SETTING;
    String detail = step.detail() + (intents.isEmpty() ? "" : "; would run: " + intents.get(0).what());
    items.add(new DriftItem(kind, phase, s, detail, Optional.empty(), true));
  }

  /** The installed mox binary against the sum the options' source pins (a download URL's, or a local file's). */
  private void moxBinary(RemoteHost h, List<DriftItem> items) {
    Optional<String> expected = options.moxSource().flatMap(src -> src instanceof MoxInstall.Download d ? Optional.of(d.expectedSum())
        : src instanceof MoxInstall.LocalFile f ? Optional.of(f.expectedSum()) : Optional.empty());
    if (expected.isEmpty()) {
      return;
    }
    Optional<String> hex = h.sha256(HostLayout.MOX_HOME + "/mox");
    String have = hex.map(x -> MoxBinary.gobuildsSumOfSha256(java.util.HexFormat.of().parseHex(x))).orElse("none");
    if (!have.equals(expected.get())) {
      items.add(new DriftItem(DriftItem.Kind.SETTING, "mox", HostLayout.MOX_HOME + "/mox", "binary sum " + have + ", the source pins "
          + expected.get(), Optional.empty(), true));
    }
  }

  /**
   * The stack's containers against the profile: a service without a running container, a container
   * of a service the profile does not have, a container whose image is not the one its reference (the
   * pin, else the compose file's) names now. Returns how many containers and services were looked at.
   */
  private int containers(RemoteHost h, List<DriftItem> items) {
    StackDir stack = new StackDir(h, HostLayout.STACK_DIR, true);
    var ps = h.run(stack.compose("ps", "--all", "--format", "json"));
    if (!ps.ok()) {
      items.add(new DriftItem(DriftItem.Kind.CHECK_FAILED, "deploy", "containers", "docker compose ps failed: "
          + ps.stderr().lines().findFirst().orElse(""), Optional.empty(), true));
      return 0;
    }
    Map<String, List<JsonNode>> byService = new LinkedHashMap<>();
    for (String line : ps.stdout().strip().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        for (JsonNode c : n.isArray() ? n : List.of(n)) {
          byService.computeIfAbsent(c.path("Service").asText(), k -> new ArrayList<>()).add(c);
        }
      } catch (IOException e) {
        // an unreadable line: the service shows as missing below
      }
    }
    Map<String, String> pins = ImagePins.read(stack);
    Map<String, Map<String, Object>> compose = stack.read("docker-compose.yml").map(StackDir::composeServices).orElse(Map.of());
    int looked = 0;
    for (Service s : profile.catalogue().enabledInDependencyOrder()) {
      looked++;
      if (s.replicas() == 0) {
        continue;
      }
      List<JsonNode> cs = byService.getOrDefault(s.name(), List.of());
      List<JsonNode> running = cs.stream().filter(c -> c.path("State").asText().equals("running")).toList();
      if (running.isEmpty()) {
        String state = cs.isEmpty() ? "no container" : cs.get(0).path("Name").asText() + " is " + cs.get(0).path("State").asText()
            + " (" + cs.get(0).path("Status").asText() + ")";
        items.add(new DriftItem(DriftItem.Kind.CONTAINER_MISSING, "deploy", s.name(), state, Optional.empty(), true));
        continue;
      }
      String ref = pins.getOrDefault(s.name(), Optional.ofNullable(compose.get(s.name())).map(m -> m.get("image")).map(String::valueOf)
          .orElse(""));
      if (ref.isEmpty()) {
        continue;
      }
      String want = h.run(Command.of("docker", "image", "inspect", "--format", "{{.Id}}", ref)).stdout().strip();
      for (JsonNode c : running) {
        String name = c.path("Name").asText();
        String[] have = h.run(Command.of("docker", "inspect", "--format", "{{.Image}} {{.Config.Image}} {{.RestartCount}}", name))
            .stdout().strip().split(" ");
        if (have.length < 2) {
          continue;
        }
        if (have.length > 2 && !have[2].equals("0")) {
          items.add(new DriftItem(DriftItem.Kind.CONTAINER_RESTARTS, "deploy", s.name(), name + " restarted " + have[2]
              + " time(s) since it was created", Optional.empty(), false));
        }
        if (!have[1].equals(ref) || (!want.isEmpty() && !have[0].equals(want))) {
          items.add(new DriftItem(DriftItem.Kind.CONTAINER_IMAGE, "deploy", s.name(), name + " runs " + have[1] + " (" + shortId(have[0])
              + "), the profile wants " + ref + (want.isEmpty() ? " (not on the host)" : " (" + shortId(want) + ")"), Optional.empty(),
              true));
        }
      }
    }
    for (Map.Entry<String, List<JsonNode>> e : byService.entrySet()) {
      boolean known = profile.catalogue().enabledInDependencyOrder().stream().anyMatch(s -> s.name().equals(e.getKey()));
      if (!known) {
        for (JsonNode c : e.getValue()) {
          looked++;
          items.add(new DriftItem(DriftItem.Kind.CONTAINER_EXTRA, "deploy", e.getKey(), c.path("Name").asText() + " is not in the profile ("
              + c.path("State").asText() + "); removed only with --prune", Optional.empty(), true));
        }
      }
    }
    return looked;
  }

  /** The zone at the provider against the records the profile wants; returns how many records were compared. */
  private int dns(RemoteHost h, DnsProvider provider, List<DriftItem> items) {
    try {
      boolean root = h.run(Command.of("id", "-u")).stdout().strip().equals("0");
      // mox's DKIM keys are readable by root only; an app session compares without them, as deploy plans
      DkimSource dkim = root ? MoxDkim.forProfile(h, profile) : DkimSource.NONE;
      TlsaSource tlsa = root ? MoxTlsa.forProfile(h, profile) : TlsaSource.NONE;
      int compared = 0;
      for (ZonePlan z : DnsSync.plan(profile, provider, dkim, tlsa, DnsSync.Options.DEFAULT)) {
        compared += z.existingCount();
        for (RecordChange c : z.changes()) {
          items.add(new DriftItem(DriftItem.Kind.DNS, "dns", c.display() + " (zone " + z.zone() + ")", c.reason(), Optional.empty(), true));
        }
        for (ExistingRecord u : z.unmanaged()) {
          items.add(new DriftItem(DriftItem.Kind.DNS_UNMANAGED, "dns", u.record().display() + " (zone " + z.zone() + ")",
              "not managed by the profile; kept", Optional.empty(), false));
        }
      }
      return compared;
    } catch (RuntimeException e) {
      items.add(new DriftItem(DriftItem.Kind.CHECK_FAILED, "dns", "zone", h.redactor().apply(Failures.describe(e)), Optional.empty(),
          true));
      return 0;
    } finally {
      if (provider instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          // a provider that cannot close has nothing left to say
        }
      }
    }
  }

  private static String shortId(String id) {
    String s = id.startsWith("sha256:") ? id.substring(7) : id;
    return s.substring(0, Math.min(12, s.length()));
  }

  /** A phase from a function, for the parts of provisioning phases a drift check runs on their own. */
  private static Phase simple(String name, java.util.function.Function<Phase.Context, List<StepResult>> steps) {
    return new Phase() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> describe(Profile p) {
        return List.of();
      }

      @Override
      public List<StepResult> execute(Phase.Context ctx) {
        List<StepResult> out = steps.apply(ctx);
        out.forEach(s -> ctx.listener().stepFinished(name, s));
        return out;
      }
    };
  }
}
