package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.StepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live display: plain lines for logs, a redrawn status line on a terminal (issue 19.11). */
class LiveProgressTest {
  final AtomicLong now = new AtomicLong(1_000);
  final StringWriter text = new StringWriter();

  void run(LiveProgress p) {
    p.phaseStarted("system preparation");
    p.stepStarted("system preparation", "packages curl ufw");
    now.addAndGet(4_000);
    p.output("system preparation", "Get:1 http://deb.debian.org/debian trixie/main amd64 curl 8.14.1-2 [268 kB]");
    now.addAndGet(8_000);
    p.output("system preparation", "Setting up ufw (0.36.2-9) ...");
    p.redraw();
    now.addAndGet(500);
    p.stepFinished("system preparation", StepResult.changed("packages curl ufw", "installed curl ufw"));
    p.phaseFinished(new PhaseResult("system preparation", PhaseResult.Status.OK, List.of(), Duration.ofMillis(12_500), ""));
    p.close();
  }

  @Test
  void plainLinesShowTheStepItsOutputNowAndThenAndItsTime() {
    run(new LiveProgress(new PrintWriter(text), false, now::get, false));
    assertEquals(List.of("▶ system preparation", "    … packages curl ufw",
        "      Setting up ufw (0.36.2-9) ... (packages curl ufw, 12 s)",
        "    ~ packages curl ufw (installed curl ufw)  12.5 s", "  ✓ system preparation  12.5 s"), text.toString().lines().toList());
  }

  @Test
  void aTerminalGetsOneRedrawnStatusLineThatIsClearedBeforeEachResult() {
    run(new LiveProgress(new PrintWriter(text), true, now::get, false));
    String t = text.toString();
    assertTrue(t.contains("\r\033[K⠋ system preparation · packages curl ufw · 12 s · Setting up ufw (0.36.2-9) ..."), t);
    assertTrue(t.contains("\r\033[K    ~ packages curl ufw (installed curl ufw)  12.5 s"), "the status line is cleared first:\n" + t);
    assertTrue(!t.contains("    … "), "no plain step lines on a terminal");
  }
}
