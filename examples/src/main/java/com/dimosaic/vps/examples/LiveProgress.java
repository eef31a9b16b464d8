package com.dimosaic.vps.examples;

import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The runner's live display of a workflow. On a terminal, one status line is redrawn a few times a
 * second: a spinner, the phase, the running step, its elapsed time and its last output line (apt,
 * docker pull's layers). Otherwise (a pipe, CI, {@code --no-progress}) plain lines: each long step
 * when it starts, each change when it is done with the step's time, and at most one output line
 * every 10 s per step, so a log shows that something moves without flooding.
 */
final class LiveProgress implements ProgressListener, AutoCloseable {
  private static final String SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  private static final long PLAIN_OUTPUT_EVERY_MS = 10_000;

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier clock;
  private final Thread ticker;
  private volatile boolean closed;
  private String phase = "";
  private String step = "";
  private String lastLine = "";
  private long stepStart;
  private long lastPlainOutput;
  private int frame;
  private boolean statusShown;

  /** A display on {@code out}; {@code terminal} redraws a status line, else plain lines. */
  LiveProgress(PrintWriter out, boolean terminal) {
    this(out, terminal, () -> System.nanoTime() / 1_000_000, true);
  }

  LiveProgress(PrintWriter out, boolean terminal, LongSupplier clockMs, boolean tick) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clockMs;
    if (terminal && tick) {
      ticker = new Thread(() -> {
        while (!closed) {
          redraw();
          try {
            Thread.sleep(150);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "vps-progress");
      ticker.setDaemon(true);
      ticker.start();
    } else {
      ticker = null;
    }
  }

  /** Whether standard output is a terminal (and the user did not ask for plain output). */
  static boolean terminal(boolean noProgress) {
    return !noProgress && System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public synchronized void phaseStarted(String p) {
    clearStatus();
    phase = p;
    step = "";
    lastLine = "";
    out.println("▶ " + p);
    out.flush();
  }

  @Override
  public synchronized void stepStarted(String p, String s) {
    step = s;
    lastLine = "";
    stepStart = clock.getAsLong();
    lastPlainOutput = stepStart;
    if (!terminal) {
      out.println("    … " + s);
      out.flush();
    }
  }

  @Override
  public synchronized void output(String p, String line) {
    String l = line.strip();
    if (l.isEmpty()) {
      return;
    }
    lastLine = l;
    long now = clock.getAsLong();
    if (!terminal && now - lastPlainOutput >= PLAIN_OUTPUT_EVERY_MS) {
      lastPlainOutput = now;
      out.println(String.format(Locale.ROOT, "      %s (%s, %d s)", shorten(l, 100), step, (now - stepStart) / 1000));
      out.flush();
    }
  }

  @Override
  public synchronized void stepFinished(String p, StepResult s) {
    clearStatus();
    boolean timed = !step.isEmpty() && (s.step().equals(step) || step.startsWith(s.step()) || s.step().startsWith(step));
    String took = timed ? String.format(Locale.ROOT, "  %.1f s", (clock.getAsLong() - stepStart) / 1000.0) : "";
    if (s.changed()) {
      out.println("    ~ " + s.step() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")") + took);
      out.flush();
    }
    if (timed) {
      step = "";
      lastLine = "";
    }
  }

  @Override
  public synchronized void phaseFinished(PhaseResult r) {
    clearStatus();
    out.println(String.format(Locale.ROOT, "  %s %s  %.1f s%s", r.status() == PhaseResult.Status.FAILED ? "✗"
        : r.status() == PhaseResult.Status.SKIPPED ? "-" : "✓", r.phase(), r.took().toMillis() / 1000.0,
        r.note().isEmpty() ? "" : "  " + r.note().lines().findFirst().orElse("")));
    out.flush();
    phase = "";
    step = "";
  }

  @Override
  public synchronized void message(String text) {
    clearStatus();
    out.println(text);
    out.flush();
  }

  /** Redraws the status line (terminal only). */
  synchronized void redraw() {
    if (!terminal || phase.isEmpty()) {
      return;
    }
    String s = SPINNER.charAt(frame++ % SPINNER.length()) + " " + phase + (step.isEmpty() ? ""
        : " · " + step + " · " + (clock.getAsLong() - stepStart) / 1000 + " s") + (lastLine.isEmpty() ? "" : " · " + lastLine);
    out.print("\r\033[K" + shorten(s, 120));
    out.flush();
    statusShown = true;
  }

  private void clearStatus() {
    if (statusShown) {
      out.print("\r\033[K");
      statusShown = false;
    }
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  @Override
  public synchronized void close() {
    closed = true;
    clearStatus();
    out.flush();
    if (ticker != null) {
      ticker.interrupt();
    }
  }
}
