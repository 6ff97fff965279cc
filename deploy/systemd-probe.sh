#!/usr/bin/env bash
# Run by deploy/systemd-check.sh inside the booted container, after lindung.target: checks the units as systemd
# runs them and ends with "HASIL: baik" or "HASIL: gagal". Not for a real server (it stops Lindung at the end).
set -uo pipefail
PORT=${PORT:-18101}
UNITS=(lindung-web lindung-worker@1 lindung-worker@2 lindung-scheduler)
good=1
ok() { printf 'BAIK  %s\n' "$*"; }
bad() { printf 'GAGAL %s\n' "$*"; good=0; }

sehat() {  # /sehat/ straight from gunicorn, as the TLS proxy would ask for it
  curl -s -o /tmp/sehat.json -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/sehat/"
}
field() {  # one value of the last /sehat/ answer: field checks.worker.last_job_finished_at
  python3 -c 'import json, sys
value = json.load(open("/tmp/sehat.json"))
for key in sys.argv[1].split("."):
    value = value[key]
print(value)' "$1" 2>/dev/null
}
wait_for() {  # wait_for SECONDS COMMAND…: true once COMMAND succeeds
  local until=$((SECONDS + $1)); shift
  until "$@"; do ((SECONDS < until)) || return 1; sleep 1; done
}

printf 'systemd %s, %s\n' "$(systemctl --version | head -n 1 | cut -d' ' -f2)" "$(date -u +%FT%TZ)"
for unit in "${UNITS[@]}"; do
  if systemctl is-active -q "$unit"; then ok "$unit aktif ($(systemctl show -p MainPID --value "$unit"))"
  else bad "$unit $(systemctl is-active "$unit")"; journalctl -u "$unit" -n 20 --no-pager -o cat; fi
done

core_well() {
  sehat >/dev/null
  [[ $(field checks.database.ok) == True && $(field checks.worker.ok) == True && $(field checks.scheduler.ok) == True ]]
}
if wait_for 90 core_well; then ok "/sehat/: basis data, antrean dan penjadwal baik"
else bad "/sehat/: $(cat /tmp/sehat.json 2>/dev/null)"; fi

# A job through the queue: a worker takes it and writes the dump inside the units' sandbox.
cd /opt/lindung || exit 1
runuser -u lindung -- sh -ec 'set -a; . /etc/lindung/lindung.env; .venv/bin/python manage.py shell -c "
from lindung.core.tasks import run_scheduled_job
run_scheduled_job.enqueue(\"backup\")" >/dev/null'
backed_up() { [[ $(sehat) == 200 && $(field checks.backup.last_backup_at) != None ]]; }
if wait_for 120 backed_up; then
  ok "cadangan dibuat oleh worker: $(ls /var/backups/lindung); /sehat/ 200"
else bad "cadangan lewat antrean: $(cat /tmp/sehat.json 2>/dev/null)"; journalctl -u 'lindung-worker@*' -n 30 --no-pager -o cat; fi

# A worker killed outright is started again by systemd.
before=$(systemctl show -p MainPID --value lindung-worker@1)
kill -KILL "$before"
restarted() {
  local pid; pid=$(systemctl show -p MainPID --value lindung-worker@1)
  [[ $pid != 0 && $pid != "$before" ]] && systemctl is-active -q lindung-worker@1
}
if wait_for 30 restarted; then
  ok "lindung-worker@1 dimatikan paksa (pid $before), hidup lagi (pid $(systemctl show -p MainPID --value lindung-worker@1), NRestarts=$(systemctl show -p NRestarts --value lindung-worker@1))"
else bad "lindung-worker@1 tidak hidup lagi setelah SIGKILL"; fi

# A clean stop of everything: each process ends on SIGTERM within its TimeoutStopSec.
# `systemctl stop lindung.target` returns once the target is stopped; the units it is part of stop after it.
stopped=$SECONDS
systemctl stop lindung.target
all_stopped() {
  local unit; for unit in "${UNITS[@]}"; do [[ $(systemctl is-active "$unit") == inactive ]] || return 1; done
}
wait_for 150 all_stopped
for unit in "${UNITS[@]}"; do
  state=$(systemctl is-active "$unit"); result=$(systemctl show -p Result --value "$unit")
  if [[ $state == inactive && $result == success ]]; then ok "$unit berhenti bersih"
  else bad "$unit berhenti: $state, Result=$result"; fi
done
printf 'semua berhenti dalam %s s\n' "$((SECONDS - stopped))"

if ((good)); then echo "HASIL: baik"; else echo "HASIL: gagal"; fi
