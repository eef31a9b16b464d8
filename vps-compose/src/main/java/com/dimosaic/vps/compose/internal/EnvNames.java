package com.dimosaic.vps.compose.internal;

import com.dimosaic.vps.profile.Database;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.secrets.SecretTemplate;
import java.util.Locale;

/**
 * How secret-bearing values reach containers. The compose file never holds a secret: a variable
 * whose value is exactly one secret becomes {@code ${SECRET_NAME}}; one that embeds secrets in
 * other text becomes {@code ${VPS_<SERVICE>_<KEY>}}; both are defined in {@code .env}, which
 * Compose reads for interpolation. Each container thus receives only the secrets it names.
 */
public final class EnvNames {
  private EnvNames() {}

  /** The {@code .env} variable that carries this service variable's value. */
  public static String variable(Service service, String key, SecretTemplate value) {
    if (value.isSingleReference()) {
      return value.references().get(0);
    }
    return "VPS_" + (service.name() + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }

  /** The variable in the postgres container holding a database owner's password, for {@code init-db.sh}. */
  public static String dbPassword(Database db) {
    return "VPS_DB_PASSWORD_" + db.owner().toUpperCase(Locale.ROOT);
  }

  /** A literal value as Compose needs it: {@code $} doubled so nothing is interpolated. */
  public static String literal(String value) {
    return value.replace("$", "$$");
  }
}
