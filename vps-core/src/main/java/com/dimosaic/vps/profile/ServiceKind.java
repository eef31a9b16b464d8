package com.dimosaic.vps.profile;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a catalogue service is. The kind gives defaults (health check, generated configuration
 * files) that the generator and validator know; {@link #GENERIC} has none.
 */
public enum ServiceKind {
  /** Caddy, the only service that publishes 80/443. */
  CADDY("caddy", List.of("CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:2019/config/")),
  /** PostgreSQL. */
  POSTGRES("postgres", List.of("CMD-SHELL", "pg_isready -U postgres -h 127.0.0.1")),
  /** Redis. */
  REDIS("redis", List.of("CMD", "redis-cli", "ping")),
  /** Zitadel API. */
  ZITADEL("zitadel", List.of("CMD", "/app/zitadel", "ready")),
  /** Zitadel login UI (v2). */
  ZITADEL_LOGIN("zitadel-login",
      List.of("CMD", "/bin/sh", "-c", "node /app/healthcheck.mjs http://localhost:3000/ui/v2/login/healthy")),
  /** Windmill server. */
  WINDMILL_SERVER("windmill-server", List.of("CMD", "curl", "-fsS", "http://localhost:8000/api/version")),
  /** Windmill worker. */
  WINDMILL_WORKER("windmill-worker", List.of()),
  /** Windmill LSP / extra. */
  WINDMILL_LSP("windmill-lsp", List.of()),
  /** Postfix relay. */
  POSTFIX("postfix", List.of("CMD", "sh", "/scripts/healthcheck.sh")),
  /** Anything else. */
  GENERIC("generic", List.of());

  private final String yamlName;
  private final List<String> defaultHealthTest;

  ServiceKind(String yamlName, List<String> defaultHealthTest) {
    this.yamlName = yamlName;
    this.defaultHealthTest = defaultHealthTest;
  }

  /** The name used in {@code services.yaml}. */
  public String yamlName() {
    return yamlName;
  }

  /** The default health check test in Compose form, empty when the kind has none. */
  public List<String> defaultHealthTest() {
    return defaultHealthTest;
  }

  /** Looks a kind up by its YAML name. */
  public static Optional<ServiceKind> byYamlName(String name) {
    return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
  }

  /**
   * Whether two containers of this kind may serve side by side for a moment, as a blue/green switch
   * needs: stateless web services (applications, Zitadel and its login UI, Windmill's server and
   * LSP). PostgreSQL, Redis, the relay, Windmill's workers (one writer each) and Caddy (which holds
   * the public ports) may not.
   */
  public boolean runsTwice() {
    return switch (this) {
      case GENERIC, ZITADEL, ZITADEL_LOGIN, WINDMILL_SERVER, WINDMILL_LSP -> true;
      case CADDY, POSTGRES, REDIS, WINDMILL_WORKER, POSTFIX -> false;
    };
  }

  /** All YAML names. */
  public static List<String> yamlNames() {
    return Arrays.stream(values()).map(ServiceKind::yamlName).toList();
  }
}
