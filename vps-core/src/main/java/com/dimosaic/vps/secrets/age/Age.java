package com.dimosaic.vps.secrets.age;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * age v1 (C2SP {@code age.md}) encryption and decryption with X25519 recipients: strict header
 * parsing, header MAC, STREAM payload in 64 KiB chunks, ASCII armor. Passphrase (scrypt), plugin
 * and post-quantum stanzas are reported as {@link AgeException.Kind#UNSUPPORTED}.
 *
 * <pre>{@code
 * byte[] sealed = Age.encrypt(plain, List.of(AgeRecipient.parse("age1…")), true);
 * byte[] plain2 = Age.decrypt(sealed, List.of(identity));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Age {
  static final int CHUNK = 64 * 1024;
  static final int TAG = 16;
  private static final String INTRO = "age-encryption.org/v1";
  private static final String X25519_INFO = "age-encryption.org/v1/X25519";

  private Age() {}

  /** Decrypts an age file (binary or armored) held in memory. */
  public static byte[] decrypt(byte[] file, List<AgeIdentity> identities) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    decrypt(new ByteArrayInputStream(file), out, identities);
    return out.toByteArray();
  }

  /**
   * Decrypts from {@code in} to {@code out}, writing each chunk once it is authenticated. After a
   * {@link AgeException.Kind#PAYLOAD} failure, {@code out} holds only authenticated chunks before it.
   *
   * @throws AgeException with the reason
   */
  public static void decrypt(InputStream in, OutputStream out, List<AgeIdentity> identities) {
    Objects.requireNonNull(identities, "identities == null");
    try {
      PushbackInputStream pin = new PushbackInputStream(in, 1100);
      byte[] head = pin.readNBytes(1100);
      pin.unread(head);
      InputStream source = pin;
      if (Armor.isArmored(head)) {
        source = new ByteArrayInputStream(Armor.decode(pin.readAllBytes()));
      }
      PushbackInputStream body = new PushbackInputStream(source, 1);
      byte[] fileKey = readHeader(body, identities);
      byte[] nonce = body.readNBytes(16);
      if (nonce.length < 16) {
        throw new AgeException(AgeException.Kind.HEADER, "file ends before the payload nonce");
      }
      readPayload(body, out, AgeCrypto.hkdf(fileKey, nonce, "payload", 32));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encrypts to recipients; armored output when {@code armor}. */
  public static byte[] encrypt(byte[] plaintext, List<AgeRecipient> recipients, boolean armor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encrypt(new ByteArrayInputStream(plaintext), out, recipients);
    return armor ? Armor.encode(out.toByteArray()) : out.toByteArray();
  }

  /** Encrypts from {@code in} to {@code out} (binary) for the recipients. */
  public static void encrypt(InputStream in, OutputStream out, List<AgeRecipient> recipients) {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("no recipients");
    }
    byte[] fileKey = new byte[16];
    AgeCrypto.RANDOM.nextBytes(fileKey);
    StringBuilder header = new StringBuilder(INTRO).append('\n');
    for (AgeRecipient r : recipients) {
      byte[] eph = new byte[32];
      AgeCrypto.RANDOM.nextBytes(eph);
      byte[] share = new byte[32];
      X25519.scalarMultBase(eph, 0, share, 0);
      byte[] ss = new byte[32];
      if (!X25519.calculateAgreement(eph, 0, r.publicKey(), 0, ss, 0)) {
        throw new AgeException(AgeException.Kind.KEY, "recipient " + r + " is a low-order point");
      }
      byte[] wrap = AgeCrypto.hkdf(ss, concat(share, r.publicKey()), X25519_INFO, 32);
      byte[] body = AgeCrypto.seal(wrap, new byte[12], fileKey, 0, fileKey.length);
      header.append("-> X25519 ").append(AgeCrypto.rawBase64(share)).append('\n');
      appendBody(header, body);
    }
    header.append("---");
    byte[] headerBytes = header.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] mac = AgeCrypto.hmac(AgeCrypto.hkdf(fileKey, new byte[0], "header", 32), headerBytes, headerBytes.length);
    try {
      out.write(headerBytes);
      out.write((" " + AgeCrypto.rawBase64(mac) + "\n").getBytes(StandardCharsets.US_ASCII));
      byte[] nonce = new byte[16];
      AgeCrypto.RANDOM.nextBytes(nonce);
      out.write(nonce);
      byte[] key = AgeCrypto.hkdf(fileKey, nonce, "payload", 32);
      byte[] buf = new byte[CHUNK];
      int n = in.readNBytes(buf, 0, CHUNK);
      long counter = 0;
      while (true) {
        byte[] next = new byte[CHUNK];
        int m = n == CHUNK ? in.readNBytes(next, 0, CHUNK) : 0;
        boolean last = m == 0;
        out.write(AgeCrypto.seal(key, chunkNonce(counter++, last), buf, 0, n));
        if (last) {
          break;
        }
        buf = next;
        n = m;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void appendBody(StringBuilder sb, byte[] body) {
    String b64 = AgeCrypto.rawBase64(body);
    int i = 0;
    while (b64.length() - i >= 64) {
      sb.append(b64, i, i + 64).append('\n');
      i += 64;
    }
    sb.append(b64, i, b64.length()).append('\n');
  }

  // ---------------------------------------------------------------- header

  private record Stanza(String type, List<String> args, byte[] body) {}

  private static byte[] readHeader(PushbackInputStream in, List<AgeIdentity> identities) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    String intro = readLine(in, raw);
    if (intro == null || !intro.equals(INTRO)) {
      throw header(intro == null ? "empty file" : "unsupported version or not an age file");
    }
    List<Stanza> stanzas = new ArrayList<>();
    byte[] mac;
    int macOffset;
    while (true) {
      int lineStart = raw.size();
      String line = readLine(in, raw);
      if (line == null) {
        throw header("header ends without a MAC line");
      }
      if (line.startsWith("---")) {
        String[] parts = line.split(" ", -1);
        if (!parts[0].equals("---") || parts.length != 2) {
          throw header("malformed MAC line");
        }
        mac = AgeCrypto.rawBase64(parts[1]);
        if (mac == null || mac.length != 32) {
          throw header("malformed header MAC");
        }
        macOffset = lineStart + 3;
        break;
      }
      if (!line.startsWith("-> ")) {
        throw header("malformed stanza line");
      }
      String[] args = line.substring(3).split(" ", -1);
      for (String a : args) {
        if (a.isEmpty() || !a.chars().allMatch(c -> c >= 33 && c <= 126)) {
          throw header("malformed stanza argument");
        }
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String b = readLine(in, raw);
        if (b == null) {
          throw header("stanza body ends without a final short line");
        }
        byte[] chunk = AgeCrypto.rawBase64(b);
        if (chunk == null || chunk.length > 48) {
          throw header("malformed stanza body");
        }
        body.writeBytes(chunk);
        if (chunk.length < 48) {
          break;
        }
      }
      stanzas.add(new Stanza(args[0], List.of(args).subList(1, args.length), body.toByteArray()));
    }

    byte[] fileKey = null;
    boolean unsupported = false;
    String unsupportedWhat = "";
    outer:
    for (AgeIdentity id : identities) {
      for (Stanza s : stanzas) {
        if (s.type().equals("X25519")) {
          byte[] key = unwrapX25519(s, id);
          if (key != null) {
            fileKey = key;
            break outer;
          }
        }
      }
    }
    for (Stanza s : stanzas) {
      if (s.type().equals("X25519") && fileKey == null && identities.isEmpty()) {
        checkX25519Shape(s);
      } else if (s.type().equals("scrypt") || s.type().equals("mlkem768x25519") || s.type().startsWith("plugin")) {
        unsupported = true;
        unsupportedWhat = s.type().equals("scrypt") ? "passphrase-encrypted (scrypt) files"
            : s.type().equals("mlkem768x25519") ? "post-quantum (ML-KEM hybrid) recipients" : "plugin recipients";
      }
    }
    if (fileKey == null) {
      if (unsupported) {
        throw new AgeException(AgeException.Kind.UNSUPPORTED, unsupportedWhat + " are not supported");
      }
      throw new AgeException(AgeException.Kind.NO_MATCH, "no identity matches any recipient of the file");
    }
    byte[] headerBytes = raw.toByteArray();
    byte[] expected = AgeCrypto.hmac(AgeCrypto.hkdf(fileKey, new byte[0], "header", 32), headerBytes, macOffset);
    if (!MessageDigest.isEqual(expected, mac)) {
      throw new AgeException(AgeException.Kind.HMAC, "header MAC does not verify");
    }
    return fileKey;
  }

  private static void checkX25519Shape(Stanza s) {
    if (s.args().size() != 1) {
      throw header("X25519 stanza must have exactly one argument");
    }
    byte[] share = AgeCrypto.rawBase64(s.args().get(0));
    if (share == null || share.length != 32) {
      throw header("malformed X25519 share");
    }
    if (s.body().length != 32) {
      throw header("X25519 stanza body must be 32 bytes");
    }
  }

  /** The file key, or null when the stanza is not for this identity; malformed stanzas are hard errors. */
  private static byte[] unwrapX25519(Stanza s, AgeIdentity id) {
    checkX25519Shape(s);
    byte[] share = AgeCrypto.rawBase64(s.args().get(0));
    byte[] ss = new byte[32];
    if (!X25519.calculateAgreement(id.scalar(), 0, share, 0, ss, 0)) {
      throw header("X25519 share is a low-order point");
    }
    byte[] wrap = AgeCrypto.hkdf(ss, concat(share, id.recipient().publicKey()), X25519_INFO, 32);
    return AgeCrypto.open(wrap, new byte[12], s.body(), 0, s.body().length);
  }

  /** Reads one LF-terminated header line (raw bytes appended to {@code raw}); CR is not allowed. */
  private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    int n = 0;
    while ((c = in.read()) != -1) {
      raw.write(c);
      if (c == '\n') {
        return sb.toString();
      }
      if (c < 32 || c > 126) {
        throw header("invalid character in header");
      }
      if (++n > 4096) {
        throw header("header line too long");
      }
      sb.append((char) c);
    }
    if (sb.length() > 0) {
      throw header("header line without newline");
    }
    return null;
  }

  // ---------------------------------------------------------------- payload

  private static void readPayload(PushbackInputStream in, OutputStream out, byte[] key) throws IOException {
    byte[] buf = new byte[CHUNK + TAG];
    long counter = 0;
    while (true) {
      int n = in.readNBytes(buf, 0, buf.length);
      if (n < buf.length) {
        if (n < TAG) {
          throw payload(n == 0 ? "payload ends without a final chunk" : "payload chunk too short");
        }
        if (n == TAG && counter > 0) {
          throw payload("empty final chunk after a full chunk");
        }
        byte[] plain = AgeCrypto.open(key, chunkNonce(counter, true), buf, 0, n);
        if (plain == null) {
          throw payload("payload chunk does not authenticate (truncated or tampered)");
        }
        out.write(plain);
        return;
      }
      byte[] plain = AgeCrypto.open(key, chunkNonce(counter, false), buf, 0, n);
      if (plain != null) {
        out.write(plain);
        counter++;
        continue;
      }
      plain = AgeCrypto.open(key, chunkNonce(counter, true), buf, 0, n);
      if (plain == null) {
        throw payload("payload chunk does not authenticate (truncated or tampered)");
      }
      out.write(plain);
      int next = in.read();
      if (next != -1) {
        throw payload("trailing data after the final chunk");
      }
      return;
    }
  }

  static byte[] chunkNonce(long counter, boolean last) {
    byte[] nonce = new byte[12];
    for (int i = 10; i >= 0 && counter != 0; i--) {
      nonce[i] = (byte) counter;
      counter >>>= 8;
    }
    nonce[11] = (byte) (last ? 1 : 0);
    return nonce;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static AgeException header(String why) {
    return new AgeException(AgeException.Kind.HEADER, why);
  }

  private static AgeException payload(String why) {
    return new AgeException(AgeException.Kind.PAYLOAD, why);
  }
}
