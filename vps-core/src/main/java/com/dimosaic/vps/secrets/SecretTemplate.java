package com.dimosaic.vps.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration value that may embed secrets as {@code ${secret:NAME}}, e.g.
 * {@code postgres://app:${secret:APP_DB_PASSWORD}@postgres/app}. {@code toString} shows the
 * template, never a value.
 *
 * @param raw the value as written in the profile
 */
public record SecretTemplate(String raw) {
  /** {@code ${secret:NAME}} where NAME is letters, digits and underscores. */
  public static final Pattern REF = Pattern.compile("\\$\\{secret:([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

  /** Validates the component. */
  public SecretTemplate {
    Objects.requireNonNull(raw, "raw == null");
  }

  /** The names of the secrets referenced, in order of appearance (may repeat). */
  public List<String> references() {
    List<String> out = new ArrayList<>();
    Matcher m = REF.matcher(raw);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Whether the value references no secret. */
  public boolean isLiteral() {
    return !REF.matcher(raw).find();
  }

  /** Whether the whole value is exactly one reference. */
  public boolean isSingleReference() {
    return REF.matcher(raw).matches();
  }

  /**
   * Replaces every reference through {@code lookup}. In a URL ({@code scheme://…}), a value placed in
   * the user-info (before the {@code @}) or in the query is percent-encoded, so that a password such
   * as {@code p@ss:w/rd#?%} (or a base64 one with {@code /} and {@code +}) cannot break the URL.
   */
  public String render(Function<String, String> lookup) {
    Matcher m = REF.matcher(raw);
    Matcher scheme = URL_SCHEME.matcher(raw);
    int authority = scheme.lookingAt() ? scheme.end() : -1;
    int at = authority < 0 ? -1 : raw.indexOf('@', authority);
    int query = authority < 0 ? -1 : raw.indexOf('?', authority);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = lookup.apply(m.group(1));
      boolean inUserInfo = authority >= 0 && at > m.start() && m.start() >= authority;
      boolean inQuery = query >= 0 && m.start() > query;
      m.appendReplacement(sb, Matcher.quoteReplacement(inUserInfo || inQuery ? percentEncode(value) : value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** UTF-8 percent-encoding of everything but letters, digits and {@code -._*} (spaces as {@code %20}). */
  static String percentEncode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Resolves against a secrets source. */
  public String resolve(SecretsSource secrets) {
    return render(n -> secrets.get(n).reveal());
  }

  /** The value with each secret masked as {@code ****}. */
  public String masked() {
    return render(n -> "****");
  }
}
