#!/bin/bash
# A WIRING PROBE standing in for Zitadel and Windmill images (which cannot be pulled here): it runs
# under the service's name, environment, volumes, networks and health check from the generated
# compose file, checks that the wiring it is given works, and only then becomes healthy:
#   zitadel          logs in to PostgreSQL as the user and as the admin that zitadel-config.yaml and
#                    ZITADEL_DATABASE_POSTGRES_*_PASSWORD give it; the master key has Zitadel's 32 bytes
#   windmill server  logs in with DATABASE_URL, finds the Windmill roles, serves /api/version on 8000
#   windmill worker  logs in with DATABASE_URL and reaches the outside (a default route, the gateway's 443)
# Every failure is printed and the probe stays unhealthy (exit 1), so a wrong password, database name
# or network fails the deployment's health gate.
set -u
fail() { echo "wiring probe: FAIL: $*" >&2; exit 1; }
ok() { echo "wiring probe: ok: $*"; }

conf() { # conf <key> <file>: the first value of a "Key: value" line inside Database.postgres
  awk -v k="$1" '$1 == k":" && $2 != "" {print $2; exit}' "$2"
}

psql_ok() { # psql_ok <conninfo> <what>
  out=$(psql "$1" -tAc 'select current_user || '"'"'@'"'"' || current_database()' 2>&1) || fail "$2: $out"
  ok "$2 ($out)"
}

egress() {
  gwhex=$(awk '$2 == "00000000" {print $3; exit}' /proc/net/route)
  [ -n "$gwhex" ] || fail "no default route: the container is only on internal networks"
  gw=$((16#${gwhex:6:2})).$((16#${gwhex:4:2})).$((16#${gwhex:2:2})).$((16#${gwhex:0:2}))
  timeout 5 bash -c "</dev/tcp/$gw/443" 2>/dev/null || fail "cannot reach $gw:443 through the default route"
  ok "egress through $gw"
}

ready() { touch /tmp/probe-ready; ok "ready"; }

if [ "${1:-}" = "start-from-init" ] || [ -n "${ZITADEL_MASTERKEY:-}" ]; then
  cfg=""
  while [ $# -gt 0 ]; do [ "$1" = "--config" ] && cfg=$2; shift; done
  [ -f "$cfg" ] || fail "no --config file ($cfg)"
  [ "${#ZITADEL_MASTERKEY}" -eq 32 ] || fail "ZITADEL_MASTERKEY has ${#ZITADEL_MASTERKEY} characters, Zitadel needs 32"
  host=$(conf Host "$cfg"); port=$(conf Port "$cfg"); db=$(conf Database "$cfg")
  user=$(awk '/^ +User:/ {u=1} u && $1 == "Username:" {print $2; exit}' "$cfg")
  admin=$(awk '/^ +Admin:/ {a=1} a && $1 == "Username:" {print $2; exit}' "$cfg")
  for _ in $(seq 1 60); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
  psql_ok "host=$host port=$port dbname=$db user=$user password=${ZITADEL_DATABASE_POSTGRES_USER_PASSWORD:-} sslmode=disable" \
    "zitadel user $user on database $db"
  psql_ok "host=$host port=$port dbname=postgres user=$admin password=${ZITADEL_DATABASE_POSTGRES_ADMIN_PASSWORD:-} sslmode=disable" \
    "zitadel admin $admin"
  ready
  exec sleep infinity
fi

case "${MODE:-}" in
  server|worker)
    [ -n "${DATABASE_URL:-}" ] || fail "no DATABASE_URL"
    for _ in $(seq 1 60); do psql "$DATABASE_URL" -tAc 'select 1' >/dev/null 2>&1 && break; sleep 1; done
    psql_ok "$DATABASE_URL" "windmill $MODE with DATABASE_URL"
    roles=$(psql "$DATABASE_URL" -tAc "select count(*) from pg_roles where rolname in ('windmill_user', 'windmill_admin')")
    [ "$roles" = "2" ] || fail "the windmill_user and windmill_admin roles are missing (found $roles)"
    ok "windmill roles"
    if [ "$MODE" = "worker" ]; then
      egress
      ready
      exec sleep infinity
    fi
    ready
    mkdir -p /srv/api && printf '{"version":"wiring-probe"}\n' > /srv/api/version && printf 'wiring probe\n' > /srv/index.html
    exec caddy file-server --listen :8000 --root /srv
    ;;
esac
fail "unknown service: expected Zitadel (start-from-init) or Windmill (MODE=server|worker)"
