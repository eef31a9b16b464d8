package com.dimosaic.vps.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces every secret value of a profile in text that leaves the SDK (exception messages, health
 * output and container log tails, reports, the audit log, live command output) with
 * {@code ${NAME}}. Each value is matched as given and in the forms it takes on the way out:
 * URL-encoded (connection strings), base64 (standard and URL-safe, with and without padding: HTTP
 * basic auth, Kubernetes-style secrets), JSON-escaped and single-quote shell-escaped. A value of fewer
 * than four characters is replaced only as a whole word, so that redaction does not eat ordinary
 * text; longer values are replaced wherever they occur. Longer matches are replaced first.
 *
 * <pre>{@code
 * Redactor r = Redactor.of(profile.secrets());
 * log.warn("{}", r.apply(containerLogs));     // "password authentication failed: ${POSTGRES_PASSWORD}"
 * }</pre>
 *
 * <p>Immutable and thread-safe. Build it once per profile: {@link #of(SecretsSource)} decrypts every
 * secret.
 */
public final class Redactor implements UnaryOperator<String> {
  /** Redacts nothing. */
  public static final Redactor NONE = new Redactor(List.of());

  private static final int WHOLE_WORD_BELOW = 4;

  private record Form(String text, String name, Optional<Pattern> wholeWord, int valueLength) {}

  private final List<Form> forms;

  private Redactor(List<Form> forms) {
    this.forms = List.copyOf(forms);
  }

  /**
   * A redactor for every secret of {@code source}. A masked source (dry runs) and secrets that cannot
   * be decrypted here contribute nothing: their values are not in this process.
   */
  public static Redactor of(SecretsSource source) {
    if (source.description().endsWith(", masked")) {
      return NONE;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : source.names()) {
      try {
        values.put(name, source.get(name).reveal());
      } catch (RuntimeException e) {
        // not decryptable here: nothing of it can be in this process's text either
      }
    }
    return of(values);
  }

  /** A redactor for these values by name. Empty values are ignored. */
  public static Redactor of(Map<String, String> valuesByName) {
    List<Form> forms = new ArrayList<>();
    valuesByName.forEach((name, value) -> {
      if (value == null || value.isEmpty()) {
        return;
      }
      for (String f : derivedForms(value)) {
        Optional<Pattern> word = f.length() < WHOLE_WORD_BELOW
            ? Optional.of(Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(f) + "(?![A-Za-z0-9])")) : Optional.empty();
        if (forms.stream().noneMatch(x -> x.text().equals(f))) {
          forms.add(new Form(f, name, word, value.length()));
        }
      }
    });
    forms.sort(Comparator.comparingInt((Form f) -> f.text().length()).reversed());
    return new Redactor(forms);
  }

  /** The value and the forms it takes when encoded on the way out, without duplicates. */
  static List<String> derivedForms(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    for (String f : List.of(value,
        URLEncoder.encode(value, StandardCharsets.UTF_8),
        URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"),
        Base64.getEncoder().encodeToString(bytes),
        Base64.getEncoder().withoutPadding().encodeToString(bytes),
        Base64.getUrlEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        json(value),
        value.replace("'", "'\\''"))) {
      if (!f.isEmpty() && !out.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** {@code text} with every secret value (in every form) replaced by {@code ${NAME}}; null stays null. */
  @Override
  public String apply(String text) {
    if (text == null || forms.isEmpty() || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Form f : forms) {
      if (f.wholeWord().isPresent()) {
        out = f.wholeWord().get().matcher(out).replaceAll(Matcher.quoteReplacement("${" + f.name() + "}"));
      } else if (out.contains(f.text())) {
        out = out.replace(f.text(), "${" + f.name() + "}");
      }
    }
    return out;
  }

  /** The name of the first secret whose value (in any form) occurs in {@code text}, if any. */
  public Optional<String> findIn(String text) {
    return findIn(text, 1);
  }

  /**
   * The same, for values of at least {@code minLength} characters: a command is refused for carrying a
   * secret only where the match cannot be a coincidence (a two-digit secret is also an exit code).
   */
  public Optional<String> findIn(String text, int minLength) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    for (Form f : forms) {
      if (f.valueLength() < minLength) {
        continue;
      }
      if (f.wholeWord().isPresent() ? f.wholeWord().get().matcher(text).find() : text.contains(f.text())) {
        return Optional.of(f.name());
      }
    }
    return Optional.empty();
  }

  /** Whether this redactor knows no value (then {@link #apply} returns its input). */
  public boolean isEmpty() {
    return forms.isEmpty();
  }
}
