#!/bin/bash
# vps-backup: the data backups of a stack the vps SDK manages (installed by provisioning; do not edit,
# the next provisioning run puts it back). Engine: restic. Settings: /etc/vps/backup/backup.conf;
# the repository password is a file restic reads (RESTIC_PASSWORD_FILE), never an argument.
#
#   vps-backup init                      the repository, when it does not exist yet
#   vps-backup run                       a new backup point (consistent dumps, streamed; see below)
#   vps-backup snapshots                 restic's snapshots of the points, as JSON
#   vps-backup dump SNAPSHOT PATH        one stored file to standard output
#   vps-backup restore-db POINT DB       one database from a point, into the stack's PostgreSQL
#   vps-backup restore-redis POINT       Redis's dump from a point (Redis must be stopped)
#   vps-backup restore-files POINT ITEM  a folder item (mox, caddy, www, state) to a staging folder
#   vps-backup verify [POINT]            the restore drill: scratch restores and integrity checks
#   vps-backup check [SUBSET]            restic check --read-data-subset
#
# A point is one restic snapshot per item, all tagged vps, point:<ID> and item:<name>; its last
# snapshot, item:manifest, marks it complete. Items: postgres-<db>.dump (pg_dump -Fc, streamed) with
# postgres-<db>.counts (rows per table, counted from the same dump), postgres-globals.sql, redis-dump.rdb
# (after BGSAVE), mox (mox backup: a consistent copy, message files hard-linked), caddy (the data
# volume), www (the static sites), state (the deploy folder's .vps-state).
set -Eeuo pipefail
umask 077
# no command here reads standard input: none may take the caller's (an SSH channel's) from another
exec </dev/null
# a failing command names itself (a pipeline's part that failed shows in PIPESTATUS)
trap 'rc=$?; printf "vps-backup: line %s: exit %s (%s)\n" "$LINENO" "$rc" "${PIPESTATUS[*]}" >&2' ERR

CONF=${VPS_BACKUP_CONF:-/etc/vps/backup/backup.conf}
# shellcheck source=/dev/null
. "$CONF"
: "${PROJECT:?}" "${STACK_DIR:?}" "${STATE_DIR:?}" "${STATUS_DIR:?}" "${RESTIC_REPOSITORY:?}" "${RESTIC_PASSWORD_FILE:?}"
: "${PG_SERVICE:=}" "${REDIS_SERVICE:=}" "${MOX_HOME:=}" "${CADDY_VOLUME:=}" "${SITES_DIR:=}" "${CHECK_SUBSET:=10%}"
: "${KEEP_LAST:=3}" "${KEEP_DAILY:=7}" "${KEEP_WEEKLY:=4}" "${KEEP_MONTHLY:=6}" "${SFTP_COMMAND:=}"
export RESTIC_REPOSITORY RESTIC_PASSWORD_FILE
export RESTIC_CACHE_DIR="$STATUS_DIR/cache"
if [ -f "${ENV_FILE:-/etc/vps/backup/env}" ]; then
  # credentials of the repository's backend (S3 keys, ...): exported, never on a command line
  set -a
  # shellcheck source=/dev/null
  . "${ENV_FILE:-/etc/vps/backup/env}"
  set +a
fi

# every restic call: an sftp: store through the settings' OpenSSH command (key, listed host keys, strict checking)
restic() {
  if [ -n "${SFTP_COMMAND:-}" ]; then
    command restic -o sftp.command="$SFTP_COMMAND" "$@"
  else
    command restic "$@"
  fi
}

log() { printf '%s\n' "$*"; }
die() { printf 'vps-backup: %s\n' "$*" >&2; exit 1; }

compose() { (cd "$STACK_DIR" && docker compose "$@"); }

# the lock every command but snapshots/dump takes: two runs never overlap (the timer, an operator, a drill)
take_lock() {
  mkdir -p /run/lock
  exec 9>/run/lock/vps-backup.lock
  flock -w "${VPS_BACKUP_WAIT:-0}" 9 || die "another backup, restore or drill is running (lock /run/lock/vps-backup.lock)"
}

json_string() { # a JSON string of $1
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\t'/\\t}
  s=${s//$'\r'/}
  printf '"%s"' "$s"
}

# restic backup with the point's tags; its JSON lines (progress, summary) go to stdout for the SDK
tags() { printf -- '--tag vps,point:%s,item:%s' "$POINT" "$1"; }

backup_stdin() { # ITEM FILENAME; data on stdin
  # shellcheck disable=SC2046
  restic backup --json --host "$HOST_TAG" $(tags "$1") --stdin --stdin-filename "$2" | summary_line "$1"
}

backup_path() { # ITEM PATH [restic options]
  local item=$1 path=$2
  shift 2
  # shellcheck disable=SC2046
  restic backup --json --host "$HOST_TAG" $(tags "$item") "$@" "$path" | summary_line "$item"
}

# passes restic's JSON lines through and records the item's size from its summary
summary_line() {
  local item=$1 line bytes
  while IFS= read -r line; do
    printf '%s\n' "$line"
    case "$line" in
      *'"message_type":"summary"'*)
        bytes=$(printf '%s' "$line" | grep -o '"total_bytes_processed":[0-9]*' | cut -d: -f2)
        printf '%s\t%s\n' "$item" "${bytes:-0}" >> "$WORK/sizes"
        ;;
    esac
  done
}

write_status() { # FILE JSON
  mkdir -p "$STATUS_DIR"
  printf '%s\n' "$2" > "$1.tmp"
  chmod 0644 "$1.tmp"
  mv -f "$1.tmp" "$1"
}

pg() { compose exec -T -u postgres "$PG_SERVICE" "$@"; }

# rows per table from a custom-format dump on stdin: pg_restore's COPY blocks, one line per row
count_rows() {
  printf '# table\trows (counted from the dump)\n'
  pg pg_restore --data-only -f - | awk '
    /^COPY / { table = $2; n = 0; inblock = 1; next }
    inblock && $0 == "\\." { printf "%s\t%d\n", table, n; inblock = 0; next }
    inblock { n++ }'
}

cmd_run() {
  take_lock
  POINT=${1:-$(date -u +%Y%m%dT%H%M%SZ)}
  WORK=$(mktemp -d "$STATUS_DIR/run.XXXXXX")
  local started
  started=$(date +%s)
  trap 'record_failure $?' EXIT
  : > "$WORK/sizes"
  log "point $POINT"
  local err
  if ! err=$(restic cat config 2>&1 >/dev/null); then
    die "cannot open the repository $RESTIC_REPOSITORY (provisioning initialises it): $(printf '%s' "$err" | tail -n 4 | tr '\n' ' ')"
  fi

  local dbs=""
  if [ -n "$PG_SERVICE" ]; then
    log "item postgres-globals.sql"
    pg pg_dumpall --globals-only --no-role-passwords | backup_stdin postgres-globals postgres-globals.sql
    dbs=$(pg psql -X -A -t -c "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1")
    for db in $dbs; do
      log "item postgres-$db.dump"
      mkfifo "$WORK/$db.fifo"
      count_rows < "$WORK/$db.fifo" > "$WORK/$db.counts" &
      local counter=$!
      pg pg_dump -Fc "$db" | tee "$WORK/$db.fifo" | backup_stdin "postgres:$db" "postgres-$db.dump"
      wait "$counter" || die "counting the rows of $db failed"
      backup_stdin "postgres:$db:counts" "postgres-$db.counts" < "$WORK/$db.counts" >/dev/null
      rm -f "$WORK/$db.fifo"
    done
  fi

  if [ -n "$REDIS_SERVICE" ]; then
    log "item redis-dump.rdb"
    local before dir file
    before=$(compose exec -T "$REDIS_SERVICE" redis-cli LASTSAVE | tr -dc 0-9)
    sleep 1 # LASTSAVE counts seconds: the new save is then always later than the one before
    compose exec -T "$REDIS_SERVICE" redis-cli BGSAVE SCHEDULE >/dev/null
    for _ in $(seq 1 1200); do
      if [ "$(compose exec -T "$REDIS_SERVICE" redis-cli LASTSAVE | tr -dc 0-9)" != "$before" ] \
        && compose exec -T "$REDIS_SERVICE" redis-cli INFO persistence | grep -q '^rdb_bgsave_in_progress:0'; then
        break
      fi
      sleep 0.5
    done
    compose exec -T "$REDIS_SERVICE" redis-cli INFO persistence | grep -q '^rdb_last_bgsave_status:ok' \
      || die "Redis BGSAVE failed"
    dir=$(compose exec -T "$REDIS_SERVICE" redis-cli CONFIG GET dir | sed -n 2p | tr -d '\r')
    file=$(compose exec -T "$REDIS_SERVICE" redis-cli CONFIG GET dbfilename | sed -n 2p | tr -d '\r')
    compose exec -T "$REDIS_SERVICE" cat "$dir/$file" | backup_stdin redis redis-dump.rdb
  fi

  if [ -n "$MOX_HOME" ] && [ -x "$MOX_HOME/mox" ]; then
    log "item mox"
    # inside mox's data folder, so that message files are hard links, not copies
    local dest="$MOX_HOME/data/tmp/vps-backup"
    rm -rf "$dest"
    mkdir -p "$MOX_HOME/data/tmp"
    (cd "$MOX_HOME" && ./mox backup "$dest") || die "mox backup failed"
    backup_path mox "$dest"
    rm -rf "$dest"
  fi

  if [ -n "$CADDY_VOLUME" ]; then
    local caddy
    caddy=$(docker volume inspect -f '{{.Mountpoint}}' "$CADDY_VOLUME" 2>/dev/null || true)
    if [ -n "$caddy" ] && [ -d "$caddy" ]; then
      log "item caddy"
      backup_path caddy "$caddy"
    fi
  fi
  if [ -n "$SITES_DIR" ] && [ -d "$SITES_DIR" ]; then
    log "item www"
    backup_path www "$SITES_DIR"
  fi
  if [ -d "$STATE_DIR" ]; then
    log "item state"
    backup_path state "$STATE_DIR" --exclude "$STATE_DIR/lock"
  fi

  # the manifest completes the point
  local took bytes items
  took=$(( $(date +%s) - started ))
  bytes=$(awk -F'\t' '{ s += $2 } END { print s + 0 }' "$WORK/sizes")
  items=$(awk -F'\t' '{ printf "%s{\"item\":\"%s\",\"bytes\":%d}", (NR > 1 ? "," : ""), $1, $2 }' "$WORK/sizes")
  local counts="" first=1
  for db in $dbs; do
    [ $first -eq 1 ] || counts+=","
    first=0
    counts+="$(json_string "$db"):{$(awk -F'\t' '/^#/ { next } { gsub(/\\/, "\\\\", $1); gsub(/"/, "\\\"", $1)
      printf "%s\"%s\":%d", (n++ > 0 ? "," : ""), $1, $2 }' "$WORK/$db.counts")}"
  done
  local manifest
  manifest="{\"point\":\"$POINT\",\"host\":$(json_string "$HOST_TAG"),\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"seconds\":$took,\"bytes\":$bytes,\"items\":[$items],\"rows\":{$counts}}"
  printf '%s\n' "$manifest" | backup_stdin manifest manifest.json >/dev/null
  log "manifest $manifest"

  log "retention"
  retention
  trap 'rm -rf "$WORK"' EXIT
  write_status "$STATUS_DIR/status.json" "{\"result\":\"success\",\"point\":\"$POINT\",\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"epoch\":$(date +%s),\"seconds\":$took,\"bytes\":$bytes,\"lastSuccess\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"lastSuccessEpoch\":$(date +%s)}"
  log "done $POINT $bytes bytes in $took s"
}

# keeps the status's last success when a run fails, and says that it failed
record_failure() {
  local rc=$1
  rm -rf "$WORK"
  [ "$rc" -eq 0 ] && return 0
  local last="" last_epoch=0
  if [ -f "$STATUS_DIR/status.json" ]; then
    last=$(grep -o '"lastSuccess":"[^"]*"' "$STATUS_DIR/status.json" | cut -d'"' -f4 || true)
    last_epoch=$(grep -o '"lastSuccessEpoch":[0-9]*' "$STATUS_DIR/status.json" | cut -d: -f2 || true)
  fi
  write_status "$STATUS_DIR/status.json" "{\"result\":\"failed\",\"point\":\"${POINT:-}\",\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"epoch\":$(date +%s),\"exit\":$rc,\"lastSuccess\":\"$last\",\"lastSuccessEpoch\":${last_epoch:-0}}"
}

# retention by point: restic keeps manifests by the policy; every snapshot of a point without a manifest
# (forgotten, or from a failed run) goes with it; then prune
retention() {
  restic forget --tag item:manifest --group-by '' --keep-last "$KEEP_LAST" --keep-daily "$KEEP_DAILY" \
    --keep-weekly "$KEEP_WEEKLY" --keep-monthly "$KEEP_MONTHLY" >/dev/null
  local kept all orphan
  kept=$(restic snapshots --json --tag item:manifest | grep -o '"point:[0-9TZ]*"' | sort -u || true)
  all=$(restic snapshots --json --tag vps | grep -o '"point:[0-9TZ]*"' | sort -u || true)
  orphan=$(comm -23 <(printf '%s\n' "$all") <(printf '%s\n' "$kept") | tr -d '"' | grep . || true)
  local ids
  for p in $orphan; do
    ids=$(restic snapshots --json --tag "vps,$p" | grep -o '"id":"[0-9a-f]*"' | cut -d'"' -f4)
    # shellcheck disable=SC2086
    [ -z "$ids" ] || restic forget $ids >/dev/null
  done
  restic prune >/dev/null
}

cmd_init() {
  take_lock
  local err
  if err=$(restic cat config 2>&1 >/dev/null); then
    log "exists"
    return
  fi
  case "$RESTIC_REPOSITORY" in
    /*) mkdir -p "$RESTIC_REPOSITORY" ;;
    local:*) mkdir -p "${RESTIC_REPOSITORY#local:}" ;;
  esac
  local init
  init=$(restic init 2>&1) || die "cannot open the repository ($err) nor initialise it ($init)"
  log "initialised"
}

cmd_snapshots() {
  restic snapshots --json --tag vps
}

cmd_dump() { # SNAPSHOT PATH
  restic dump "$1" "$2"
}

snapshot_of() { # POINT ITEM -> snapshot id
  local id
  id=$(restic snapshots --json --tag "vps,point:$1,item:$2" | grep -o '"id":"[0-9a-f]*"' | head -n 1 | cut -d'"' -f4)
  [ -n "$id" ] || die "no item $2 in point $1"
  printf '%s' "$id"
}

cmd_restore_db() { # POINT DB
  take_lock
  local point=$1 db=$2 snap
  snap=$(snapshot_of "$point" "postgres:$db")
  # the name as a psql variable (quoted by psql), never pasted into SQL
  if ! printf '%s\n' "SELECT 1 FROM pg_database WHERE datname = :'db';" | compose exec -T -u postgres "$PG_SERVICE" psql -X -A -t -v db="$db" \
    | grep -q 1; then
    pg createdb "$db"
  fi
  # ownership and grants as dumped: the roles come from the profile (init-db.sh), so they exist
  restic dump "$snap" "/postgres-$db.dump" | pg pg_restore --clean --if-exists --single-transaction --exit-on-error -d "$db"
  log "restored database $db from $point"
}

cmd_restore_redis() { # POINT TARGET_DIR: writes dump.rdb there (Redis stopped by the caller)
  take_lock
  local point=$1 target=$2 snap
  snap=$(snapshot_of "$point" redis)
  restic dump "$snap" /redis-dump.rdb > "$target/dump.rdb.vps-restore"
  rm -rf "$target/appendonlydir" "$target/appendonly.aof"
  chmod 0644 "$target/dump.rdb.vps-restore"
  mv -f "$target/dump.rdb.vps-restore" "$target/dump.rdb"
  log "restored redis-dump.rdb from $point"
}

cmd_restore_files() { # POINT ITEM STAGING: the item's folder restored (verified) under STAGING
  take_lock
  local point=$1 item=$2 staging=$3 snap
  snap=$(snapshot_of "$point" "$item")
  mkdir -p "$staging"
  restic restore "$snap" --target "$staging" --verify >/dev/null
  log "restored $item from $point into $staging"
}

cmd_check() {
  take_lock
  restic check --read-data-subset="${1:-$CHECK_SUBSET}"
}

# ---- the restore drill ----------------------------------------------------------------------------

check_line() { # NAME PASS|FAIL DETAIL
  printf 'CHECK\t%s\t%s\t%s\n' "$1" "$2" "$3"
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$DRILL/checks"
}

latest_point() {
  restic snapshots --json --tag item:manifest | grep -o '"point:[0-9TZ]*"' | tr -d '"' | cut -d: -f2 | sort | tail -n 1
}

cmd_verify() { # [POINT] [SUBSET]
  take_lock
  local point=${1:-latest} subset=${2:-$CHECK_SUBSET} started
  started=$(date +%s)
  [ "$point" = latest ] && point=$(latest_point)
  [ -n "$point" ] || die "no complete backup point in $RESTIC_REPOSITORY"
  DRILL=$(mktemp -d "$STATUS_DIR/drill.XXXXXX")
  local pgc="vps-drill-pg-$$"
  trap 'docker rm -f "'"$pgc"'" >/dev/null 2>&1 || true; rm -rf "$DRILL"' EXIT
  : > "$DRILL/checks"
  log "point $point"

  local out
  if out=$(restic check --read-data-subset="$subset" 2>&1); then
    check_line repository PASS "restic check --read-data-subset=$subset: no errors"
  else
    # restic's own words: the damaged pack and blob, or why the repository could not be read
    check_line repository FAIL "$(printf '%s' "$out" | tr '\r' '\n' | grep -iE 'error|fatal|does not match|invalid' | grep -v '^\[' | head -n 5 | tr '\n\t' '  ')"
  fi

  local manifest
  if ! manifest=$(restic dump "$(snapshot_of "$point" manifest)" /manifest.json 2>&1); then
    check_line manifest FAIL "$(printf '%s' "$manifest" | head -n 3 | tr '\n\t' '  ')"
    finish_drill "$point" "$started"
    return
  fi
  check_line manifest PASS "point $point"

  # databases: each dump listed, restored into a throwaway PostgreSQL of the stack's image, rows counted
  local dbs
  dbs=$(restic snapshots --json --tag "vps,point:$point" | grep -o '"item:postgres:[^":]*"' | cut -d: -f3 | tr -d '"' | sort -u || true)
  if [ -n "$dbs" ]; then
    local image
    image=$(docker inspect -f '{{.Config.Image}}' "$(compose ps -q "$PG_SERVICE" | head -n 1)" 2>/dev/null || true)
    printf 'POSTGRES_PASSWORD=%s\n' "$(head -c 24 /dev/urandom | base64 | tr -dc A-Za-z0-9)" > "$DRILL/pg.env"
    if [ -z "$image" ] || ! docker run -d --name "$pgc" --network none --env-file "$DRILL/pg.env" "$image" >/dev/null 2>"$DRILL/pg.err"; then
      check_line postgres FAIL "no scratch PostgreSQL could be started from the stack's image ${image:-?}: $(head -c 300 "$DRILL/pg.err" 2>/dev/null)"
    else
      for _ in $(seq 1 120); do
        docker exec -u postgres "$pgc" pg_isready -q 2>/dev/null && break
        sleep 1
      done
      sleep 1
      for db in $dbs; do
        local snap counts_snap
        snap=$(snapshot_of "$point" "postgres:$db")
        if ! restic dump "$snap" "/postgres-$db.dump" > "$DRILL/$db.dump" 2> "$DRILL/$db.err"; then
          check_line "postgres:$db" FAIL "restic dump: $(grep -v '^$' "$DRILL/$db.err" | head -n 3 | tr '\n\t' '  ')"
          continue
        fi
        if ! docker exec -i "$pgc" pg_restore --list < "$DRILL/$db.dump" > /dev/null 2> "$DRILL/$db.err"; then
          check_line "postgres:$db" FAIL "pg_restore --list: $(head -n 3 "$DRILL/$db.err" | tr '\n\t' '  ')"
          continue
        fi
        docker exec -u postgres "$pgc" createdb "$db" 2>/dev/null || true
        if ! docker exec -i -u postgres "$pgc" pg_restore --no-owner --no-privileges --exit-on-error -d "$db" < "$DRILL/$db.dump" 2> "$DRILL/$db.err"; then
          check_line "postgres:$db" FAIL "pg_restore: $(head -n 3 "$DRILL/$db.err" | tr '\n\t' '  ')"
          continue
        fi
        counts_snap=$(snapshot_of "$point" "postgres:$db:counts")
        restic dump "$counts_snap" "/postgres-$db.counts" > "$DRILL/$db.counts"
        local bad="" tables=0 rows=0 table n actual
        while IFS=$'\t' read -r table n; do
          case "$table" in '' | '#'*) continue ;; esac
          tables=$((tables + 1))
          rows=$((rows + n))
          actual=$(docker exec -u postgres "$pgc" psql -X -A -t -d "$db" -c "SELECT count(*) FROM $table" 2>/dev/null || echo "?")
          [ "$actual" = "$n" ] || bad+="$table: $actual rows, $n at backup; "
        done < "$DRILL/$db.counts"
        if [ -n "$bad" ]; then
          check_line "postgres:$db" FAIL "$bad"
        else
          check_line "postgres:$db" PASS "$tables tables, $rows rows as at backup time"
        fi
        rm -f "$DRILL/$db.dump"
      done
    fi
  fi

  if restic snapshots --json --tag "vps,point:$point,item:redis" | grep -q '"id"'; then
    if restic dump "$(snapshot_of "$point" redis)" /redis-dump.rdb > "$DRILL/dump.rdb" 2> "$DRILL/redis.err"; then
      local rimage
      rimage=$(docker inspect -f '{{.Config.Image}}' "$(compose ps -q "$REDIS_SERVICE" | head -n 1)" 2>/dev/null || true)
      if [ -n "$rimage" ] && out=$(docker run --rm -i --network none --entrypoint sh "$rimage" -c 'cat > /tmp/d.rdb && redis-check-rdb /tmp/d.rdb' < "$DRILL/dump.rdb" 2>&1); then
        check_line redis PASS "redis-check-rdb: $(printf '%s' "$out" | grep -o 'RDB looks OK!' || echo ok)"
      else
        check_line redis FAIL "redis-check-rdb: $(printf '%s' "$out" | tail -n 3 | tr '\n\t' '  ')"
      fi
    else
      check_line redis FAIL "restic dump: $(head -n 3 "$DRILL/redis.err" | tr '\n\t' '  ')"
    fi
  fi

  local item
  for item in mox caddy www state; do
    restic snapshots --json --tag "vps,point:$point,item:$item" | grep -q '"id"' || continue
    if ! out=$(restic restore "$(snapshot_of "$point" "$item")" --target "$DRILL/$item" --verify 2>&1); then
      check_line "$item" FAIL "restic restore --verify: $(printf '%s' "$out" | grep -iE 'error|fail|invalid|mismatch' | head -n 3 | tr '\n\t' '  ')"
      continue
    fi
    local files
    files=$(find "$DRILL/$item" -type f | wc -l)
    if [ "$item" = mox ]; then
      local data
      data=$(find "$DRILL/mox" -type d -path '*/vps-backup/data' | head -n 1)
      if [ -n "$data" ] && out=$("$MOX_HOME/mox" verifydata "$data" 2>&1); then
        check_line mox PASS "mox verifydata: ok ($files files)"
      else
        check_line mox FAIL "mox verifydata: $(printf '%s' "$out" | tail -n 3 | tr '\n\t' '  ')"
      fi
    else
      check_line "$item" PASS "restored and verified: $files files"
    fi
    rm -rf "${DRILL:?}/$item"
  done
  finish_drill "$point" "$started"
}

finish_drill() { # POINT STARTED
  local took result checks
  took=$(( $(date +%s) - $2 ))
  result=PASS
  grep -q $'\tFAIL\t' "$DRILL/checks" && result=FAIL
  checks=$(awk -F'\t' '{ gsub(/\\/, "\\\\", $3); gsub(/"/, "\\\"", $3); printf "%s{\"name\":\"%s\",\"status\":\"%s\",\"detail\":\"%s\"}", (NR > 1 ? "," : ""), $1, $2, $3 }' "$DRILL/checks")
  write_status "$STATUS_DIR/verify.json" "{\"result\":\"$result\",\"point\":\"$1\",\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"epoch\":$(date +%s),\"seconds\":$took,\"checks\":[$checks]}"
  log "drill $result $1 in $took s"
  [ "$result" = PASS ]
}

HOST_TAG=${HOST_TAG:-$(hostname)}
command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  init) cmd_init ;;
  run) cmd_run "$@" ;;
  snapshots) cmd_snapshots ;;
  dump) cmd_dump "$@" ;;
  restore-db) cmd_restore_db "$@" ;;
  restore-redis) cmd_restore_redis "$@" ;;
  restore-files) cmd_restore_files "$@" ;;
  verify) cmd_verify "$@" ;;
  check) cmd_check "$@" ;;
  *) die "usage: vps-backup init|run|snapshots|dump|restore-db|restore-redis|restore-files|verify|check" ;;
esac
