#!/bin/sh
# STAND-IN for the mox binary (tests only; no mox build can be downloaded here).
# Implements what the installer and the systemd unit call: version, [-config F] config test, serve, stop.
set -eu
conf=config/mox.conf
if [ "${1:-}" = "-config" ]; then
  conf=$2
  shift 2
fi
case "${1:-}" in
  version)
    echo "v0.0.17-standin${STANDIN_BUILD:-}-go1.25.0"
    echo "linux/amd64"
    ;;
  config)
    [ "${2:-}" = "test" ] || { echo "stand-in: only 'config test' is implemented" >&2; exit 2; }
    dir=$(dirname "$conf")
    [ -f "$conf" ] && [ -f "$dir/domains.conf" ] || { echo "stand-in: mox.conf or domains.conf missing" >&2; exit 1; }
    if grep -n '^ ' "$conf" "$dir/domains.conf" >&2; then echo "stand-in: indentation must be tabs" >&2; exit 1; fi
    for f in $(sed -n 's/^[[:space:]]*CertFile: //p; s/^[[:space:]]*KeyFile: //p' "$conf"); do
      [ -r "$f" ] || { echo "stand-in: cannot read $f" >&2; exit 1; }
    done
    for f in $(sed -n 's/^[[:space:]]*PrivateKeyFile: //p' "$dir/domains.conf"); do
      [ -r "$dir/$f" ] || { echo "stand-in: cannot read DKIM key $f" >&2; exit 1; }
    done
    echo "config OK"
    ;;
  serve)
    mkdir -p data
    : > data/ctl
    # TLS on mox's public ports with the configured certificate (openssl s_server), so that port and
    # certificate checks have something real to look at; no mail is handled
    cert=$(sed -n 's/^[[:space:]]*CertFile: //p' "$conf" | head -n 1)
    key=$(sed -n 's/^[[:space:]]*KeyFile: //p' "$conf" | head -n 1)
    if [ -n "$cert" ] && [ -n "$key" ] && command -v openssl >/dev/null 2>&1; then
      for port in 25 465 587 993; do
        openssl s_server -quiet -www -accept "0.0.0.0:$port" -cert "$cert" -cert_chain "$cert" -key "$key" </dev/null >/dev/null 2>&1 &
      done
    fi
    while [ -e data/ctl ]; do sleep 1; done
    # shellcheck disable=SC2046
    kill $(jobs -p) 2>/dev/null || true
    ;;
  stop)
    rm -f data/ctl
    ;;
  *)
    echo "stand-in: unsupported: $*" >&2
    exit 2
    ;;
esac
