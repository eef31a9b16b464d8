#!/usr/bin/env bash
# Shared by the benchmark scripts.
#
# bench_user: sets BENCH_USER to the user the benchmark logs in as. Run as root, that is a throwaway system user
# "vps-bench" with /bin/sh as shell (created here, removed on exit): root's login shell on this image
# runs `pyenv init` from ~/.bashrc on every command (~150 ms), which would measure the shell instead of
# the transport. '*' = no password but not locked (sshd without PAM refuses accounts locked with '!').
bench_user() {
  if [ "$(id -u)" -ne 0 ]; then
    BENCH_USER=$(id -un)
    return
  fi
  if ! id vps-bench >/dev/null 2>&1; then
    useradd --system --shell /bin/sh --home-dir /nonexistent --no-create-home --password '*' vps-bench
    trap 'userdel vps-bench' EXIT
  fi
  BENCH_USER=vps-bench
}

# bench_java MODULE MAIN-CLASS [ARGS...]: builds the project, then runs a benchmark main class from MODULE's
# test classes (with its test classpath) as the bench_user.
bench_java() {
  local module=$1 main=$2
  shift 2
  mvn -B -q install -DskipTests
  mvn -B -q -pl "$module" test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
  bench_user
  java -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")" \
    -Dbench.user="$BENCH_USER" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$main" "$@"
}

# bench_packages PACKAGE...: installs the Debian packages that are missing (quietly).
bench_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# bench_box MAIN-CLASS: a benchmark on the "VPS in a box" — installs docker.io, debootstrap and openssh-client when
# missing, starts the project's own dockerd (scripts/test-dockerd.sh) unless one answers and stops it again on exit,
# builds the project and runs MAIN-CLASS from the examples module's test classes.
bench_box() {
  bench_packages docker.io debootstrap openssh-client
  # shellcheck source=scripts/test-dockerd.sh
  . scripts/test-dockerd.sh
  test_dockerd_start
  trap test_dockerd_stop EXIT
  mvn -B -q install -DskipTests -Dvps.cds.skip
  mvn -B -q -pl examples test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
  (cd examples && java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$1")
}
