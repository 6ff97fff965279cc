#!/usr/bin/env bash
# Lindung's systemd units started by a real systemd: a Debian bookworm system booted in a container
# (systemd-nspawn), installed by the README's "With systemd" commands, then checked from inside.
#
#   sudo deploy/systemd-check.sh          # needs root, debootstrap and systemd-container (Debian packages)
#
# The container shares this machine's network: the units' PostgreSQL is this machine's (DATABASE_SERVER, default
# postgres://postgres@127.0.0.1:5432), in a database of its own that is dropped at the end; gunicorn listens on
# 127.0.0.1:${LINDUNG_CHECK_PORT:-18101}. Inside the booted container a check unit, ordered after lindung.target,
#   1. finds lindung-web, lindung-worker@1, lindung-worker@2 and lindung-scheduler active;
#   2. asks gunicorn for /sehat/ until the database, the workers' heartbeat and the scheduler are well;
#   3. queues a backup job, which a worker runs under the units' sandbox (ProtectSystem=strict: the dump must land
#      in /var/backups/lindung, the one writable place for it), and waits for /sehat/ to answer 200;
#   4. kills worker@1 with SIGKILL and waits for systemd to start it again (Restart=always);
#   5. stops lindung.target and finds every unit stopped cleanly (Result=success: no SIGKILL after the timeout);
# then powers the container off. The base system is made once by debootstrap (LINDUNG_CHECK_BASE, kept for the
# next run); each run works on a copy of it. The host's checkout is cloned in as /opt/lindung (committed work only).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${LINDUNG_CHECK_BASE:-/var/tmp/lindung-systemd-base}
SERVER=${DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}
PORT=${LINDUNG_CHECK_PORT:-18101}
DB=lindung_systemd_check
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

say() { printf '== %s\n' "$*"; }
fail() { printf 'GAGAL: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) == 0 ]] || fail "perlu root (debootstrap, systemd-nspawn)"
command -v debootstrap >/dev/null || fail "debootstrap tidak ada: apt-get install debootstrap"
command -v systemd-nspawn >/dev/null || fail "systemd-nspawn tidak ada: apt-get install systemd-container"
command -v psql >/dev/null || fail "psql tidak ada: apt-get install postgresql-client"

nspawn() {  # a command in the container, not booted; the host's checkout read-only at /src
  local rc=0
  systemd-nspawn -q -D "$WORK/root" --register=no --keep-unit --bind-ro="$ROOT:/src" "$@" 2>"$WORK/stderr" || rc=$?
  # without the line systemd-nspawn prints on exit where the host itself is not run by systemd
  grep -v 'propagate/root", and we can' "$WORK/stderr" >&2 || true
  return "$rc"
}
export PGOPTIONS="-c client_min_messages=warning"

start=$(date +%s)
if [[ ! -x $BASE/usr/bin/python3 ]]; then
  say "sistem dasar Debian bookworm ke $BASE (debootstrap, sekali)"
  rm -rf "$BASE.tmp"
  debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,dbus,python3,python3-venv,ca-certificates,curl,procps,git,postgresql-client \
    bookworm "$BASE.tmp" "$MIRROR" >/dev/null
  mv "$BASE.tmp" "$BASE"
fi

WORK=$(mktemp -d /var/tmp/lindung-systemd.XXXXXX)
cleanup() {
  rm -rf "$WORK"
  psql -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cp -a "$BASE" "$WORK/root"
# This machine's own certificate authorities (an office proxy's, say) are trusted inside as well, for pip.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$WORK/root/usr/local/share/ca-certificates/"
  nspawn update-ca-certificates >/dev/null
fi
psql -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null

cat >"$WORK/root/root/lindung.env" <<EOF
DEBUG=false
SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 50)
DATABASE_URL=$SERVER/$DB
ALLOWED_HOSTS=127.0.0.1,localhost
LINDUNG_KABUPATEN=16.06
LINDUNG_VAR_DIR=/var/lib/lindung
LINDUNG_TRUSTED_PROXIES=127.0.0.1/32
LINDUNG_BIND=127.0.0.1:$PORT
LINDUNG_WEB_PROCESSES=2
LINDUNG_LOG_FORMAT=json
LOG_LEVEL=INFO
LINDUNG_BACKUP_DIR=/var/backups/lindung
LINDUNG_BACKUP_KEEP=3
EOF

# The README's "With systemd" steps, as written there (PostgreSQL and nginx are not in the container: the database
# is this machine's, and nginx is checked by deploy/up.sh).
say "pemasangan seperti README (useradd, clone, venv, migrate, unit systemd)"
t=$(date +%s)
nspawn /bin/bash -euo pipefail -c "
  useradd --system --home /var/lib/lindung lindung && install -d -o lindung /var/lib/lindung /var/backups/lindung
  git clone -q /src /opt/lindung && python3 -m venv /opt/lindung/.venv
  PIP_CERT=/etc/ssl/certs/ca-certificates.crt /opt/lindung/.venv/bin/pip install -q --disable-pip-version-check \\
    --use-pep517 -e /opt/lindung
  install -d /etc/lindung && install -m 0640 -g lindung /root/lindung.env /etc/lindung/lindung.env
  cd /opt/lindung && runuser -u lindung -- sh -ec 'set -a; . /etc/lindung/lindung.env;
    .venv/bin/python manage.py migrate --noinput >/dev/null && .venv/bin/python manage.py load_regions 16.06 >/dev/null &&
    .venv/bin/python manage.py collectstatic --noinput >/dev/null && .venv/bin/python manage.py check --deploy --fail-level WARNING'
  cp deploy/systemd/* /etc/systemd/system/ && systemctl enable -q lindung.target
  cp /src/deploy/systemd-probe.sh /usr/local/sbin/lindung-systemd-probe && chmod 0755 /usr/local/sbin/lindung-systemd-probe
  cat >/etc/systemd/system/lindung-systemd-probe.service <<'UNIT'
[Unit]
Description=Lindung units checked from inside
After=lindung.target
Wants=lindung.target
SuccessAction=poweroff-force
FailureAction=poweroff-force
[Service]
Type=oneshot
Environment=PORT=$PORT
ExecStart=/usr/local/sbin/lindung-systemd-probe
StandardOutput=append:/var/log/lindung-systemd-probe.log
StandardError=append:/var/log/lindung-systemd-probe.log
[Install]
WantedBy=multi-user.target
UNIT
  systemctl enable -q lindung-systemd-probe.service
"
say "terpasang ($(( $(date +%s) - t )) s)"

say "boot systemd di kontainer (batas 600 s)"
t=$(date +%s)
timeout 600 systemd-nspawn -q -b -D "$WORK/root" --register=no --keep-unit >"$WORK/boot.log" 2>&1 || true
say "kontainer mati lagi ($(( $(date +%s) - t )) s)"
log=$WORK/root/var/log/lindung-systemd-probe.log
[[ -f $log ]] || { tail -n 40 "$WORK/boot.log"; fail "pemeriksaan di dalam kontainer tidak berjalan"; }
cat "$log"
say "seluruhnya $(( $(date +%s) - start )) s"
grep -q '^HASIL: baik$' "$log" || fail "unit systemd tidak lolos pemeriksaan"
