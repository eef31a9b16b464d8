package com.dimosaic.vps.compose;

import com.dimosaic.vps.compose.internal.BuildContexts;
import com.dimosaic.vps.compose.internal.CaddyfileRenderer;
import com.dimosaic.vps.compose.internal.ComposeFile;
import com.dimosaic.vps.compose.internal.EnvFile;
import com.dimosaic.vps.compose.internal.InitDbScript;
import com.dimosaic.vps.compose.internal.PostgresConfig;
import com.dimosaic.vps.compose.internal.ZitadelConfig;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.secrets.SecretsSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Generates the Docker environment of a profile: {@code docker-compose.yml}, {@code Caddyfile},
 * {@code init-db.sh}, {@code .env}, {@code postgres/postgresql.conf}, {@code postgres/pg_hba.conf},
 * {@code zitadel/*.yaml} and the build contexts of built services. Output is deterministic: the
 * same profile gives byte-identical files. A file under the profile's {@code templates/} folder at
 * the same relative path replaces the generated one.
 *
 * <pre>{@code
 * List<RenderedFile> files = ComposeGenerator.forProfile(profile).memoryMb(16_384).render();
 * }</pre>
 *
 * <p>Immutable; the {@code with}-style methods return a new generator. Thread-safe.
 */
public final class ComposeGenerator {
  private final Profile profile;
  private final long memoryMb;
  private final SecretsSource secrets;
  private final Function<String, String> upstreamHost;
  private final List<String> caddyGlobal;

  private ComposeGenerator(Profile profile, long memoryMb, SecretsSource secrets, Function<String, String> upstreamHost,
      List<String> caddyGlobal) {
    this.profile = profile;
    this.memoryMb = memoryMb;
    this.secrets = secrets;
    this.upstreamHost = upstreamHost;
    this.caddyGlobal = List.copyOf(caddyGlobal);
  }

  /** A generator for a profile; host memory defaults to the profile's {@code resources.memoryGb}. */
  public static ComposeGenerator forProfile(Profile profile) {
    Objects.requireNonNull(profile, "profile == null");
    return new ComposeGenerator(profile, profile.resources().memoryGb() * 1024L, profile.secrets(), Function.identity(),
        List.of());
  }

  /** Sizes PostgreSQL for a host with this much memory (measured on the host during provisioning). */
  public ComposeGenerator memoryMb(long mb) {
    if (mb < 256) {
      throw new IllegalArgumentException("memoryMb too small: " + mb);
    }
    return new ComposeGenerator(profile, mb, secrets, upstreamHost, caddyGlobal);
  }

  /** Resolves secret values from this source instead of the profile's. */
  public ComposeGenerator secrets(SecretsSource source) {
    return new ComposeGenerator(profile, memoryMb, Objects.requireNonNull(source, "source == null"), upstreamHost,
        caddyGlobal);
  }

  /**
   * Maps a service name to the host name Caddy proxies to. The default is the service name (Docker DNS);
   * tests that run Caddy outside Docker map it to {@code 127.0.0.1}.
   */
  public ComposeGenerator upstreamHost(Function<String, String> mapping) {
    return new ComposeGenerator(profile, memoryMb, secrets, Objects.requireNonNull(mapping, "mapping == null"),
        caddyGlobal);
  }

  /** Extra lines for the Caddyfile's global options block (e.g. {@code admin off}, {@code http_port 8080}). */
  public ComposeGenerator caddyGlobal(String... lines) {
    List<String> all = new ArrayList<>(caddyGlobal);
    all.addAll(List.of(lines));
    return new ComposeGenerator(profile, memoryMb, secrets, upstreamHost, all);
  }

  /**
   * Renders every file, sorted by path.
   *
   * @throws GenerationException when a value cannot be written safely (named, never shown)
   * @throws com.dimosaic.vps.secrets.SecretsException when a secret cannot be read
   */
  public List<RenderedFile> render() {
    TreeMap<String, RenderedFile> files = new TreeMap<>();
    put(files, RenderedFile.text("docker-compose.yml", ComposeFile.render(profile), 0644, false));
    if (profile.catalogue().firstOfKind(ServiceKind.CADDY).isPresent()) {
      put(files, RenderedFile.text("Caddyfile",
          CaddyfileRenderer.render(profile, new CaddyfileRenderer.Options(upstreamHost, caddyGlobal)), 0644, false));
    }
    if (profile.catalogue().firstOfKind(ServiceKind.POSTGRES).isPresent()) {
      put(files, RenderedFile.text("init-db.sh", InitDbScript.render(profile), 0755, false));
      put(files, RenderedFile.text("postgres/postgresql.conf", PostgresConfig.conf(profile, memoryMb), 0644, false));
      put(files, RenderedFile.text("postgres/pg_hba.conf", PostgresConfig.hba(profile), 0644, false));
    }
    put(files, RenderedFile.text(".env", EnvFile.render(profile, secrets), 0600, true));
    for (Service s : profile.catalogue().enabledInDependencyOrder()) {
      if (s.kind() == ServiceKind.ZITADEL) {
        put(files, RenderedFile.text("zitadel/zitadel-config.yaml", ZitadelConfig.config(profile, s), 0644, false));
        put(files, RenderedFile.text("zitadel/zitadel-init-steps.yaml", ZitadelConfig.initSteps(profile, s), 0644, false));
      }
      s.build().filter(b -> !b.fromGit()).ifPresent(b -> put(files,
          RenderedFile.text(b.context() + "/Dockerfile", BuildContexts.dockerfile(profile, s, b), 0644, false)));
    }
    applyTemplates(files);
    return List.copyOf(files.values());
  }

  private static void put(TreeMap<String, RenderedFile> files, RenderedFile f) {
    files.put(f.path(), f);
  }

  private void applyTemplates(TreeMap<String, RenderedFile> files) {
    Path templates = profile.directory().resolve("templates");
    if (!Files.isDirectory(templates)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(templates)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
        String rel = templates.relativize(p).toString().replace('\\', '/');
        RenderedFile generated = files.get(rel);
        byte[] content = Files.readAllBytes(p);
        if (generated != null) {
          files.put(rel, new RenderedFile(rel, content, generated.mode(), generated.secret()));
        } else if (profile.catalogue().services().values().stream()
            .anyMatch(s -> s.build().isPresent() && !s.build().get().fromGit() && rel.startsWith(s.build().get().context() + "/"))) {
          files.put(rel, new RenderedFile(rel, content, Files.isExecutable(p) ? 0755 : 0644, false));
        }
      }
    } catch (IOException e) {
      throw new VpsException("cannot read templates in " + templates + ": " + e.getMessage(), e);
    }
  }
}
