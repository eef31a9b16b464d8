package com.dimosaic.vps.mox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a mox binary before it is installed: the gobuilds.org checksum ({@code <sum>} in the
 * download URL is {@code "0"} + base64url, unpadded, of the first 20 bytes of the SHA-256 of the
 * binary) and that it is a 64-bit ELF executable for the host's architecture (amd64 or arm64).
 */
public final class MoxBinary {
  private static final Pattern SUM_IN_URL = Pattern.compile("/(0[A-Za-z0-9_-]{27})/");
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");

  /** The oldest mox the rendered configuration runs on ({@code Forwarded} on autoconfig and MTA-STS came in v0.0.16). */
  public static final String MINIMUM_VERSION = "v0.0.16";

  private MoxBinary() {}

  /** The gobuilds sum of a binary. */
  public static String gobuildsSum(byte[] binary) {
    try {
      return gobuildsSumOfSha256(MessageDigest.getInstance("SHA-256").digest(binary));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The gobuilds sum of a binary whose SHA-256 is {@code sha256} (as the host's {@code sha256sum} gives it, decoded). */
  public static String gobuildsSumOfSha256(byte[] sha256) {
    return "0" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha256, 20));
  }

  /** The download URL of a pinned build. */
  public static String gobuildsUrl(String version, String arch, String goVersion, String sum) {
    return "https://beta.gobuilds.org/github.com/mjl-/mox@" + version + "/linux-" + arch + "-" + goVersion + "/" + sum + "/mox-"
        + version + "-" + goVersion;
  }

  /** The sum in a gobuilds result URL. */
  public static String sumOf(String url) {
    Matcher m = SUM_IN_URL.matcher(url);
    if (!m.find()) {
      throw new MoxException(MoxException.Reason.BINARY, "no gobuilds sum in " + url);
    }
    return m.group(1);
  }

  /**
   * Checks a downloaded binary against the expected sum and architecture.
   *
   * @param hostArch {@code uname -m} of the host ({@code x86_64}, {@code aarch64}) or {@code amd64}/{@code arm64}
   * @throws MoxException naming what does not match
   */
  public static void verify(byte[] binary, String expectedSum, String hostArch) {
    String sum = gobuildsSum(binary);
    if (!sum.equals(expectedSum)) {
      throw new MoxException(MoxException.Reason.BINARY, "mox binary checksum mismatch: expected " + expectedSum + ", got " + sum);
    }
    String want = goArch(hostArch);
    String got = elfArch(binary);
    if (!want.equals(got)) {
      throw new MoxException(MoxException.Reason.BINARY, "mox binary is for " + got + " but the host is " + want);
    }
  }

  /**
   * The version {@code mox version} printed when it is older than {@link #MINIMUM_VERSION}; empty
   * when it is new enough or not a release version (a build from a checkout prints {@code (devel)}:
   * then {@code mox config test} of the staged configuration decides).
   */
  public static Optional<String> olderThanMinimum(String versionOutput) {
    String first = versionOutput.strip().lines().findFirst().orElse("");
    Matcher m = VERSION.matcher(first);
    if (!m.lookingAt()) {
      return Optional.empty();
    }
    Matcher min = VERSION.matcher(MINIMUM_VERSION);
    min.matches();
    for (int i = 1; i <= 3; i++) {
      int c = Integer.compare(Integer.parseInt(m.group(i)), Integer.parseInt(min.group(i)));
      if (c != 0) {
        return c < 0 ? Optional.of(m.group()) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code uname -m} to Go's architecture name. */
  public static String goArch(String unameM) {
    return switch (unameM.strip().toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> throw new MoxException(MoxException.Reason.BINARY, "unsupported architecture for mox: " + unameM.strip());
    };
  }

  /**
   * The architecture of a 64-bit little-endian ELF executable.
   *
   * @throws MoxException when it is not one
   */
  public static String elfArch(byte[] b) {
    if (b.length < 20 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
      throw new MoxException(MoxException.Reason.BINARY, "not an ELF file");
    }
    if (b[4] != 2) {
      throw new MoxException(MoxException.Reason.BINARY, "not a 64-bit ELF file");
    }
    if (b[5] != 1) {
      throw new MoxException(MoxException.Reason.BINARY, "not a little-endian ELF file");
    }
    int type = (b[16] & 0xff) | (b[17] & 0xff) << 8;
    if (type != 2 && type != 3) {
      throw new MoxException(MoxException.Reason.BINARY, "not an ELF executable (e_type " + type + ")");
    }
    int machine = (b[18] & 0xff) | (b[19] & 0xff) << 8;
    return switch (machine) {
      case 0x3e -> "amd64";
      case 0xb7 -> "arm64";
      default -> throw new MoxException(MoxException.Reason.BINARY, "unsupported ELF machine 0x" + Integer.toHexString(machine));
    };
  }
}
