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

  /** Replaces every reference through {@code lookup}. */
  public String render(Function<String, String> lookup) {
    Matcher m = REF.matcher(raw);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(lookup.apply(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
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
