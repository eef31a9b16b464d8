package com.dimosaic.vps.examples;

import com.dimosaic.vps.secrets.age.AgeIdentity;
import com.dimosaic.vps.secrets.age.AgeRecipient;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.secrets.sops.Sops;
import com.dimosaic.vps.secrets.sops.SopsDocument;
import com.dimosaic.vps.testing.VpsBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Secrets that are canaries: every value of a profile's SOPS file replaced by a unique random one, and
 * the search for them (and their URL-encoded and base64 forms) in whatever the SDK wrote and the host
 * showed; plus a sampler of every process's command line, on this machine and in the box.
 */
final class Canaries {
  private final Map<String, String> values;

  private Canaries(Map<String, String> values) {
    this.values = values;
  }

  /** Rewrites every secret of {@code dir}'s {@code secrets.enc.yaml} to a canary (digits where the value must be a number). */
  static Canaries rewrite(Path dir) {
    Path file = dir.resolve("secrets.enc.yaml");
    List<AgeIdentity> ids = AgeKeys.builder().identityFile(dir.resolve("demo-age-key.txt")).environment(Map.of()).build().load();
    SopsDocument doc = Sops.decrypt(file, ids);
    Map<String, Object> plain = new LinkedHashMap<>(doc.documents().get(0));
    Map<String, String> values = new LinkedHashMap<>();
    SecureRandom random = new SecureRandom();
    for (String name : plain.keySet()) {
      byte[] b = new byte[8];
      random.nextBytes(b);
      String v = String.valueOf(plain.get(name)).matches("[0-9]+")
          ? "9" + String.format("%09d", Math.floorMod(random.nextLong(), 1_000_000_000L))
          : "cny" + HexFormat.of().formatHex(b) + "Q";
      values.put(name, v);
      plain.put(name, v);
    }
    try {
      Files.writeString(file, Sops.encrypt(plain, doc.recipients().stream().map(AgeRecipient::parse).toList()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Canaries(values);
  }

  String value(String name) {
    return values.get(name);
  }

  /** Every form of every canary that must not appear: the value, URL-encoded, base64 (with and without padding). */
  List<String> forms() {
    List<String> out = new ArrayList<>();
    for (String v : values.values()) {
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      for (String f : List.of(v, URLEncoder.encode(v, StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(b),
          Base64.getEncoder().withoutPadding().encodeToString(b))) {
        if (!out.contains(f)) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** The places, by label, where a canary form was found (empty when none). */
  List<String> foundIn(Map<String, String> texts) {
    List<String> found = new ArrayList<>();
    texts.forEach((label, text) -> {
      for (Map.Entry<String, String> e : values.entrySet()) {
        for (String f : formsOf(e.getValue())) {
          int i = text.indexOf(f);
          if (i >= 0) {
            found.add(label + ": " + e.getKey() + " near «" + text.substring(Math.max(0, i - 80), Math.min(text.length(), i)) + "»");
            return;
          }
        }
      }
    });
    return found;
  }

  private static List<String> formsOf(String v) {
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    return List.of(v, Base64.getEncoder().withoutPadding().encodeToString(b));
  }

  /** Samples every process's command line, on this machine and in the box, until closed. */
  static final class CmdlineSampler implements AutoCloseable {
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stop;
    int samples;

    CmdlineSampler(VpsBox box) {
      thread = new Thread(() -> {
        while (!stop) {
          seen.addAll(box.exec("for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\" 2>/dev/null; echo; done").output().lines().toList());
          try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).forEach(p -> {
              try {
                seen.add(new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' '));
              } catch (IOException e) {
                // the process ended
              }
            });
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          samples++;
        }
      }, "cmdline-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    String all() {
      return String.join("\n", seen);
    }

    @Override
    public void close() {
      stop = true;
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
