#!/usr/bin/env bash
# Where the CPU goes per encounter (issue 20, item 3), on the platform ./rcm up started:
#   tests/Benchmarks/profile-load.sh [encounters, default 600] [warm-up encounters, default 300]
# runs ./rcm load with the warm-up first (JIT, pools, prepared statements), then the measured run, sampling the CPU of every
# process group (each service, each database's backends, RabbitMQ, the load tool) from its start to its "Results" line
# (so the API check that follows is not counted), and prints seconds and milliseconds per encounter for each.
#   RCM_PROFILE_STATEMENTS=1 also counts the SQL statements per encounter of each database over a 50-encounter run
#   (log_statement = all for that run only, read back from PostgreSQL's log), with the most frequent statements.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
encounters="${1:-600}"
warmup="${2:-300}"
here="$root/tests/Benchmarks"
stop="$(mktemp -u)"
cd "$root"
[ "$warmup" -gt 0 ] && ./rcm load --encounters "$warmup" | grep -E "end to end|none|FAILED"
python3 "$here/cpu-by-process.py" "$root/.rcm/pids" "$stop" "$encounters" > "$stop.out" &
sampler=$!
./rcm load --encounters "$encounters" | while IFS= read -r line; do
  case "$line" in Results*) touch "$stop";; esac
  case "$line" in *Results*|*"end to end"*|*p50*|*none*|*FAILED*) echo "$line";; esac
done
touch "$stop"; wait "$sampler"; cat "$stop.out"; rm -f "$stop" "$stop.out"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${RCM_PROFILE_STATEMENTS:-}" = 1 ]; then
  psql="$(ls -d /usr/lib/postgresql/*/bin | tail -1)/psql"
  log="$root/.rcm/data/pg-run/postgres.log"
  sql() { PGPASSWORD="$(cat "$root/.rcm/postgres-password")" "$psql" -h 127.0.0.1 -p "${RCM_PG_PORT:-54329}" -U postgres -Atq -c "$1"; }
  from=$(($(wc -l < "$log") + 1))
  sql "ALTER SYSTEM SET log_statement = 'all'"; sql "ALTER SYSTEM SET log_line_prefix = '%m [%p] %d '"; sql "SELECT pg_reload_conf()" >/dev/null
  trap 'sql "ALTER SYSTEM RESET log_statement"; sql "ALTER SYSTEM RESET log_line_prefix"; sql "SELECT pg_reload_conf()" >/dev/null' EXIT
  ./rcm load --encounters 50 | grep -E "end to end|none|FAILED"
  tail -n +"$from" "$log" | python3 -c '
import collections, re, sys
per_db, statements = collections.Counter(), collections.Counter()
for line in sys.stdin:
    m = re.match(r"\S+ \S+ \S+ \[\d+\] (\S+) LOG:  (?:execute \S+|statement|execute <unnamed>)(?:/\w+)?: (.*)", line)
    if not m: continue
    per_db[m[1]] += 1
    statements[(m[1], re.sub(r"\s+", " ", m[2])[:100])] += 1
print("SQL statements per encounter (50 encounters; includes what runs on a timer, such as mailbox polls):")
for db, n in per_db.most_common(): print(f"  {db:28s} {n / 50:7.1f}")
print("most frequent:")
for (db, text), n in statements.most_common(25): print(f"  {n / 50:6.2f} {db:16s} {text}")
'
fi
