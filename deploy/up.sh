#!/usr/bin/env bash
# Lindung's production stack on one machine, from a fresh clone, without systemd:
#
#   DATABASE_URL=postgres://lindung@127.0.0.1:5432/lindung deploy/up.sh          # install, migrate, start
#   deploy/up.sh smoke      # the smoke test through the proxy (a test applicant, admin and batch: fresh installs)
#   deploy/up.sh status     # which processes run, and /sehat/
#   deploy/up.sh stop       # stop everything this script started
#   deploy/up.sh check      # check the config files only (nginx -t, systemd-analyze verify, Django's deploy check)
#   deploy/up.sh check-units [DIR]   # systemd-analyze verify on deploy/systemd (or DIR) only
#   deploy/up.sh restore-check [NIK…]  # back up now, restore into a new database, check it (and these NIKs), drop it
#
# Started on loopback: gunicorn (LINDUNG_BIND, default 127.0.0.1:8001) behind nginx with TLS (LINDUNG_HTTPS_PORT,
# default 8443; plain HTTP on LINDUNG_HTTP_PORT, default 8080, redirects), two background workers and the
# scheduler. Logs are JSON lines in $LINDUNG_RUN_DIR/log/ (default var/run/log/). A server with systemd uses
# deploy/systemd/ instead (README, "Produksi"); this script is the same stack as plain background processes.
# Settings come from the environment or from the file named by LINDUNG_ENV_FILE (deploy/lindung.env.example).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ -n "${LINDUNG_ENV_FILE:-}" ]]; then
  set -a
  # shellcheck disable=SC1090
  source "$LINDUNG_ENV_FILE"
  set +a
fi

export DEBUG=false
export LINDUNG_VAR_DIR=${LINDUNG_VAR_DIR:-$ROOT/var}
export LINDUNG_BIND=${LINDUNG_BIND:-127.0.0.1:8001}
export LINDUNG_TRUSTED_PROXIES=${LINDUNG_TRUSTED_PROXIES:-127.0.0.1/32}
export LINDUNG_LOG_FORMAT=${LINDUNG_LOG_FORMAT:-json}
export LOG_LEVEL=${LOG_LEVEL:-INFO}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export LINDUNG_KABUPATEN=${LINDUNG_KABUPATEN:-16.06}
HTTPS_PORT=${LINDUNG_HTTPS_PORT:-8443}
HTTP_PORT=${LINDUNG_HTTP_PORT:-8080}
SERVER_NAME=${LINDUNG_SERVER_NAME:-localhost}
RUN=${LINDUNG_RUN_DIR:-$LINDUNG_VAR_DIR/run}
VENV=${LINDUNG_VENV:-$ROOT/.venv}
PY=$VENV/bin/python
NGINX=${LINDUNG_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
PROCESSES=(web worker-1 worker-2 scheduler nginx)

say() { printf '== %s\n' "$*"; }
fail() { printf 'GAGAL: %s\n' "$*" >&2; exit 1; }
now() { date +%s%N; }
took() { local d=$((($(date +%s%N) - $1) / 100000000)); printf '%d.%d' $((d / 10)) $((d % 10)); }

need_tools() {
  [[ -x "$NGINX" ]] || fail "nginx tidak ada: apt-get install nginx-light (paket Debian)"
  command -v openssl >/dev/null || fail "openssl tidak ada: apt-get install openssl"
}

need_postgres() {
  [[ "${DATABASE_URL:-}" == postgres* ]] || fail "DATABASE_URL harus PostgreSQL, mis. postgres://lindung:sandi@127.0.0.1:5432/lindung"
}

install() {
  local t; t=$(now)
  if [[ ! -x "$PY" ]]; then
    python3 -m venv "$VENV"
    "$PY" -m pip install --quiet --upgrade pip
  fi
  # manage.py and gunicorn run from this checkout (its directory comes first on the import path), so a venv
  # that has the pinned dependencies is enough; a new one gets them from pyproject.toml.
  if ! "$PY" -c 'import django, gunicorn, psycopg, django_tasks_db' 2>/dev/null; then
    "$PY" -m pip install --quiet -e "$ROOT"
  fi
  say "venv siap ($(took "$t") s)"
}

nginx_config() {
  mkdir -p "$RUN/nginx/tmp" "$RUN/tls"
  local cert=${LINDUNG_TLS_CERT:-$RUN/tls/cert.pem} key=${LINDUNG_TLS_KEY:-$RUN/tls/key.pem}
  if [[ -z "${LINDUNG_TLS_CERT:-}" && ! -s "$cert" ]]; then
    # A self-signed certificate for this machine's loopback; a real site puts its own in LINDUNG_TLS_CERT/KEY.
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$SERVER_NAME" \
      -addext "subjectAltName=DNS:$SERVER_NAME,DNS:localhost,IP:127.0.0.1" \
      -keyout "$key" -out "$cert" 2>/dev/null
    chmod 600 "$key"
  fi
  sed -e "s|@APP_ADDRESS@|$LINDUNG_BIND|" -e "s|@HTTP_LISTEN@|127.0.0.1:$HTTP_PORT|" \
      -e "s|@HTTPS_LISTEN@|127.0.0.1:$HTTPS_PORT|" -e "s|@HTTPS_PORT@|$HTTPS_PORT|" \
      -e "s|@SERVER_NAME@|$SERVER_NAME|" -e "s|@TLS_CERT@|$cert|" -e "s|@TLS_KEY@|$key|" \
      deploy/nginx-site.conf > "$RUN/nginx/lindung-site.conf"
  # The main config of a private nginx (Debian's system nginx includes only the site file instead).
  local user_line=""
  if [[ $(id -u) == 0 ]]; then  # nginx's workers drop root; they write request bodies into tmp/
    user_line="user www-data;"
    chown -R www-data "$RUN/nginx/tmp"
  fi
  cat > "$RUN/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $RUN/nginx/nginx.pid;
error_log stderr warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    server_tokens off;
    client_body_temp_path $RUN/nginx/tmp/body;
    proxy_temp_path $RUN/nginx/tmp/proxy;
    fastcgi_temp_path $RUN/nginx/tmp/fastcgi;
    uwsgi_temp_path $RUN/nginx/tmp/uwsgi;
    scgi_temp_path $RUN/nginx/tmp/scgi;
    include $RUN/nginx/lindung-site.conf;
}
EOF
  "$NGINX" -t -q -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -g 'daemon off;'
}

prepare() {
  local t; t=$(now)
  "$PY" manage.py migrate --noinput | tail -n 1
  say "migrate ($(took "$t") s)"; t=$(now)
  "$PY" manage.py load_regions "$LINDUNG_KABUPATEN" | tail -n 1
  say "wilayah $LINDUNG_KABUPATEN ($(took "$t") s)"; t=$(now)
  "$PY" manage.py collectstatic --noinput | tail -n 1
  if [[ -n "${LINDUNG_ADMIN_USERNAME:-}" ]]; then
    "$PY" manage.py create_admin
  fi
  "$PY" manage.py check --deploy --fail-level WARNING
  say "collectstatic, admin, check --deploy ($(took "$t") s)"
}

start_one() {  # name, command…: in the background, its pid in $RUN/name.pid, its output in $RUN/log/name.log
  local name=$1; shift
  if [[ -s "$RUN/$name.pid" ]] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
    say "$name sudah berjalan (pid $(cat "$RUN/$name.pid"))"; return
  fi
  nohup "$@" >>"$RUN/log/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
}

start() {
  mkdir -p "$RUN/log"
  start_one web "$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py lindung.wsgi:application
  start_one worker-1 "$PY" manage.py db_worker --no-reload --worker-id "${HOSTNAME:-lindung}-1"
  start_one worker-2 "$PY" manage.py db_worker --no-reload --worker-id "${HOSTNAME:-lindung}-2"
  start_one scheduler "$PY" manage.py scheduler
  start_one nginx "$NGINX" -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -g 'daemon off;'
}

health() {  # prints /sehat/ through the proxy; true when it answers 200
  "$PY" deploy/smoke.py "https://localhost:$HTTPS_PORT" --cacert "${LINDUNG_TLS_CERT:-$RUN/tls/cert.pem}" --health
}

wait_healthy() {
  local t; t=$(now)
  for _ in $(seq 1 120); do
    for name in "${PROCESSES[@]}"; do
      kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null || { tail -n 20 "$RUN/log/$name.log" >&2; fail "$name berhenti"; }
    done
    if body=$(health 2>/dev/null); then
      say "sehat lewat https://localhost:$HTTPS_PORT/sehat/ ($(took "$t") s): $body"; return
    fi
    sleep 1
  done
  echo "$body" >&2
  fail "/sehat/ tidak menjawab 200 dalam 120 s"
}

stop() {
  local pids=()
  for name in "${PROCESSES[@]}"; do
    if [[ -s "$RUN/$name.pid" ]]; then
      pid=$(cat "$RUN/$name.pid")
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
      rm -f "$RUN/$name.pid"
    fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  done
  say "berhenti (${#pids[@]} proses)"
}

status() {
  for name in "${PROCESSES[@]}"; do
    if [[ -s "$RUN/$name.pid" ]] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
      echo "$name: berjalan (pid $(cat "$RUN/$name.pid"))"
    else
      echo "$name: tidak berjalan"
    fi
  done
  health || true
}

render_units() {  # DIR [SOURCE]: the units as a deployer installs them, with this checkout's paths and user
  local out=$1 src=${2:-deploy/systemd}
  touch "$out/lindung.env"
  for unit in "$src"/*; do
    sed -e "s|/opt/lindung/.venv|$VENV|g" -e "s|/opt/lindung|$ROOT|g" \
        -e "s|/etc/lindung/lindung.env|$out/lindung.env|" \
        -e "s|^User=lindung|User=$(id -un)|" -e "s|^Group=lindung|Group=$(id -gn)|" "$unit" \
        > "$out/$(basename "$unit")"
  done
  # lindung.target wants two instances of the worker template
  cp "$out/lindung-worker@.service" "$out/lindung-worker@1.service"
  cp "$out/lindung-worker@.service" "$out/lindung-worker@2.service"
}

check_units() {  # [SOURCE]: systemd-analyze verify on the units (deploy/systemd, or another folder of them)
  if ! command -v systemd-analyze >/dev/null; then
    say "systemd-analyze tidak ada: unit systemd tidak diperiksa (paket systemd)"; return
  fi
  # The units name /opt/lindung and /etc/lindung/lindung.env, which this machine need not have: they are
  # verified as rendered for this checkout, so that every ExecStart names a program that exists.
  local units out; units=$(mktemp -d)
  render_units "$units" "${1:-deploy/systemd}"
  # Any message is a finding (systemd ignores a misspelt key with only a warning and exit status 0).
  out=$(cd "$units" && systemd-analyze verify --man=no lindung-web.service lindung-worker@1.service \
    lindung-worker@2.service lindung-scheduler.service lindung.target 2>&1) && [[ -z "$out" ]] \
    || { rm -rf "$units"; fail "systemd-analyze verify menolak unit di ${1:-deploy/systemd}: $out"; }
  rm -rf "$units"
  say "systemd-analyze verify: benar"
}

check() {
  nginx_config && say "nginx -t: benar"
  check_units
  "$PY" manage.py check --deploy --fail-level WARNING
}

restore_check() {  # [NIK…]: a backup now, restored into a new database on the same server, checked, dropped
  need_postgres
  # The README's restore steps (scheduler --run backup, restore --target, migrate --check, check) in one process;
  # the scratch database <database>_pulih_<time> is dropped after a failure too.
  "$PY" manage.py restore_check "$@"
}

case "${1:-up}" in
  up)
    started=$(now)
    need_tools
    need_postgres
    install
    prepare
    nginx_config
    start
    wait_healthy
    say "Lindung berjalan di https://localhost:$HTTPS_PORT/ (total $(took "$started") s); berhenti: deploy/up.sh stop"
    ;;
  smoke)
    "$PY" deploy/smoke.py "https://localhost:$HTTPS_PORT" --cacert "${LINDUNG_TLS_CERT:-$RUN/tls/cert.pem}" \
      --http "http://localhost:$HTTP_PORT" --restore-check
    ;;
  stop) stop ;;
  status) status ;;
  check) need_tools; check ;;
  check-units) check_units "${2:-}" ;;
  restore-check) shift; restore_check "$@" ;;
  *) fail "perintah tidak dikenal: $1 (up, smoke, status, stop, check, check-units, restore-check)" ;;
esac
