#!/bin/sh
# STAND-IN for the boky/postfix image the stack's compose file names: the same environment contract
# (RELAYHOST, RELAYHOST_USERNAME, RELAYHOST_PASSWORD, ALLOWED_SENDER_DOMAINS, POSTFIX_<main.cf key>),
# real postfix from Debian inside. It accepts mail on 587 from the Docker networks for the allowed
# sender domains only, and relays it to RELAYHOST with STARTTLS and SASL authentication.
set -eu
: "${RELAYHOST:?RELAYHOST is required, e.g. [mail.example.com]:587}"
: "${ALLOWED_SENDER_DOMAINS:?ALLOWED_SENDER_DOMAINS is required}"

postconf -e \
  "compatibility_level = 3.6" \
  "maillog_file = /dev/stdout" \
  "inet_interfaces = all" \
  "inet_protocols = ipv4" \
  "myhostname = relay.localdomain" \
  "mydestination =" \
  "local_recipient_maps =" \
  "local_transport = error:this relay delivers nothing locally" \
  "mynetworks = 127.0.0.0/8 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16" \
  "relayhost = $RELAYHOST" \
  "smtp_host_lookup = native" \
  "smtp_tls_security_level = encrypt" \
  "smtp_tls_loglevel = 1" \
  "smtpd_tls_security_level = none" \
  "smtpd_relay_restrictions = permit_mynetworks, reject" \
  "smtpd_sender_restrictions = check_sender_access texthash:/etc/postfix/allowed_senders, reject"
# no chroot: the container is the isolation, and the client reads /etc/hosts (extra_hosts) as it is
postconf -F '*/*/chroot = n'
postconf -M '587/inet=587 inet n - n - - smtpd'

: > /etc/postfix/allowed_senders
for d in $ALLOWED_SENDER_DOMAINS; do
  printf '%s OK\n' "$d" >> /etc/postfix/allowed_senders
done

if [ -n "${RELAYHOST_USERNAME:-}" ]; then
  umask 077
  printf '%s %s:%s\n' "$RELAYHOST" "$RELAYHOST_USERNAME" "${RELAYHOST_PASSWORD:-}" > /etc/postfix/sasl_passwd
  postconf -e "smtp_sasl_auth_enable = yes" "smtp_sasl_password_maps = texthash:/etc/postfix/sasl_passwd" \
    "smtp_sasl_security_options = noanonymous" "smtp_sasl_tls_security_options = noanonymous"
fi

# POSTFIX_<key>=<value> sets that main.cf key, as the upstream image does
env | while IFS='=' read -r name value; do
  case "$name" in
    POSTFIX_*) postconf -e "${name#POSTFIX_} = $value" ;;
  esac
done

newaliases 2>/dev/null || true
exec postfix start-fg
