package com.dimosaic.vps.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.testing.LocalSshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 1,000 random and hostile strings go through the quoting helper to {@code printf %s} on a real sshd
 * (through the user's login shell, the timeout wrapper and {@code sh -c}) and come back byte for byte.
 */
class QuotingPropertyIT {
  static final String[] HOSTILE = {"'", "\"", "`", "$(", ")", "${", "}", "\\", "\n", "\r", "\t", " ", ";", "&", "|", "<", ">",
      "*", "?", "[", "]", "~", "#", "!", "%", "-", "--", "-n", "$HOME", "$(id)", "`id`", "'\"'\"'", "é", "ß", "€", "日本",
      "\uD83D\uDE00", "\u2028", "\u00a0", "\u0001", "\u001b[31m", "\u007f", "ÿ"};

  @Test
  void everyStringComesBackByteForByte() throws Exception {
    Random r = new Random(20261128);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      StringBuilder sb = new StringBuilder();
      int parts = 1 + r.nextInt(8);
      for (int p = 0; p < parts; p++) {
        switch (r.nextInt(3)) {
          case 0 -> sb.append(HOSTILE[r.nextInt(HOSTILE.length)]);
          case 1 -> sb.appendCodePoint(1 + r.nextInt(0xff)); // NUL-free "binary" bytes as Latin-1 code points
          default -> sb.appendCodePoint(randomCodePoint(r));
        }
      }
      inputs.add(sb.toString());
    }
    try (LocalSshd sshd = LocalSshd.start()) {
      Path key = sshd.newUserKey("ed25519");
      try (SshRemoteHost h = SshRemoteHost.connect(SshRemoteHostIT.target(sshd, key).build())) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
          List<Future<CommandResult>> results = new ArrayList<>();
          for (String s : inputs) {
            // printf's format is a constant; the hostile string is an argument, quoted by the helper
            results.add(pool.submit(() -> h.run(Command.of("printf", "%s", s).withEnv("LC_ALL", "C"))));
          }
          for (int i = 0; i < inputs.size(); i++) {
            CommandResult res = results.get(i).get();
            assertEquals(0, res.exitCode(), res.stderr());
            assertEquals(inputs.get(i), res.stdout(), "input #" + i + " " + escape(inputs.get(i)));
          }
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  static int randomCodePoint(Random r) {
    while (true) {
      int cp = 1 + r.nextInt(0x2FFFF);
      if ((cp < 0xD800 || cp > 0xDFFF) && Character.isDefined(cp)) {
        return cp;
      }
    }
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }
}
