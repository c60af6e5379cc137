#!/bin/bash
# The CLI's start-up figures of README's "Start-up" section: wall and CPU seconds of each command
# through bin/cobro (class data sharing included), median of N runs after a warm-up round.
#
#   COBRO_DB_URL=jdbc:postgresql://127.0.0.1:5432/postgres COBRO_DB_USER=postgres \
#     bootstrap/cli/startup-times.sh bootstrap/cli/target/cobro.jar [/path/to/other/cobro.jar ...]
#
# COBRO_DB_URL (and COBRO_DB_USER, COBRO_DB_PASSWORD) name a PostgreSQL 15 of your own on this
# machine: each jar migrates it first, so the commands meet a database already migrated. With
# several jars the runs alternate (round 1 of every jar, then round 2, ...), so a baseline measured
# in the same session meets the same load; each round prints the 1-minute load average. Each jar
# gets a COBRO_HOME of its own under a temporary directory (its class-data archive is recorded
# there by its first command, outside the timed runs). The provider sandbox runs from the first jar
# on SANDBOX_PORT (default 18088). RUNS (default 5) sets the number of timed rounds.
set -eu
if [ $# -lt 1 ] || [ -z "${COBRO_DB_URL:-}" ]; then
  sed -n '2,15p' "$0" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
launcher="$here/bin/cobro"
examples="$here/examples"
runs=${RUNS:-5}
port=${SANDBOX_PORT:-18088}
work=$(mktemp -d)
sandbox_pid=
trap '[ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT

jars=()
for jar in "$@"; do
  jars+=("$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")")
done

export COBRO_88PAY_BASE_URL=http://127.0.0.1:$port/88pay COBRO_88PAY_API_KEY=sk_test_sandbox_key \
       COBRO_88PAY_MERCHANT_ID=MCH-COL-TEST-29ZTP4 COBRO_88PAY_WEBHOOK_SECRET=whsec_sandbox_0123456789abcdefgh \
       COBRO_PAYME_AUTH_URL=http://127.0.0.1:$port/payme/auth COBRO_PAYME_API_URL=http://127.0.0.1:$port/payme/api \
       COBRO_PAYME_CLIENT_ID=sandbox-client COBRO_PAYME_CLIENT_SECRET=sandbox-secret

java -jar "${jars[0]}" sandbox --port "$port" > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do
  grep -q "COBRO_88PAY_BASE_URL" "$work/sandbox.log" 2>/dev/null && break
  sleep 0.2
done

# One command of one jar, timed; "checkout" posts the example with a reference of its own.
timed() { # jar-index command...
  local i=$1; shift
  local args=("$@")
  if [ "$1" = checkout ]; then
    sed "s/order-1001/order-startup-$i-$(date +%s%N)/" "$examples/checkout.json" > "$work/checkout.json"
    args=(checkout --request-file "$work/checkout.json")
  fi
  COBRO_HOME="$work/home$i" COBRO_JAR="${jars[$i]}" /usr/bin/time -f '%e %U %S' -o "$work/time" \
      sh "$launcher" "${args[@]}" > "$work/out" 2> "$work/err" || {
    echo "startup-times: '${args[*]}' failed with ${jars[$i]}:" >&2
    cat "$work/err" >&2
    exit 1
  }
  tail -1 "$work/time"
}

for i in "${!jars[@]}"; do
  COBRO_HOME="$work/home$i" COBRO_JAR="${jars[$i]}" sh "$launcher" migrate > /dev/null 2> "$work/err" || {
    cat "$work/err" >&2
    exit 1
  }
done

commands=("--help" "history --limit 5" "events --limit 1" "health" "checkout")
results="$work/results"
: > "$results"
for round in $(seq 0 "$runs"); do
  echo "round $round: load average $(cut -d' ' -f1 /proc/loadavg)" >&2
  for command in "${commands[@]}"; do
    for i in "${!jars[@]}"; do
      # shellcheck disable=SC2086 # the command's words
      t=$(timed "$i" $command)
      # Round 0 is the warm-up (and records each jar's archive): not counted.
      [ "$round" -gt 0 ] && echo "$i|$command|$t" >> "$results"
    done
  done
done
echo "load average at the end $(cut -d' ' -f1 /proc/loadavg)" >&2

python3 - "$results" "${jars[@]}" <<'PY'
import collections, statistics, sys
lines = [l.rstrip('\n').split('|') for l in open(sys.argv[1])]
jars = sys.argv[2:]
wall, cpu, order = collections.defaultdict(list), collections.defaultdict(list), []
for i, command, t in lines:
    e, u, s = map(float, t.split())
    key = (int(i), command)
    wall[key].append(e)
    cpu[key].append(u + s)
    if command not in order:
        order.append(command)
for i, jar in enumerate(jars):
    print(f"jar {i}: {jar}")
print("command | " + " | ".join(f"jar {i} wall / CPU s (median)" for i in range(len(jars)))
      + (" | wall, jar 1 / jar 0" if len(jars) > 1 else ""))
for command in order:
    cells = [f"{statistics.median(wall[(i, command)]):.2f} / {statistics.median(cpu[(i, command)]):.2f}"
             for i in range(len(jars))]
    ratio = ""
    if len(jars) > 1:
        ratio = f" | {statistics.median(wall[(1, command)]) / statistics.median(wall[(0, command)]):.2f}"
    print(f"{command} | " + " | ".join(cells) + ratio)
for key in sorted(wall):
    print(f"  jar {key[0]} {key[1]}: wall {wall[key]}", file=sys.stderr)
PY
