#!/usr/bin/env bash
# Checks that the demo app's heap after a full GC does not grow with the number of stored sessions.
#   1. starts the demo app (membership cache on) on its embedded PostgreSQL 17 and warms it up with real
#      traffic: logins (wrk, MEMORY_DURATION), MEMORY_WARMUP_ROUNDS refreshes of 8 login sessions (curl),
#      GET /tenant/me (wrk, MEMORY_DURATION);
#   2. measures the used heap after a full GC: jcmd GC.run then GC.heap_info, three times, the least;
#   3. stores MEMORY_SESSIONS sessions straight into auth.refresh_tokens (one INSERT ... SELECT FROM
#      generate_series with random token hashes: a real login costs ~90 ms of bcrypt), plus
#      MEMORY_HTTP_SESSIONS sessions whose refresh tokens are known (hashed with the app's token-hash secret,
#      as the app does), through dev.systemauth.benchmarks.SeedSessions;
#   4. drives the same traffic again, except that the refreshes now go through every one of the
#      MEMORY_HTTP_SESSIONS sessions, MEMORY_REFRESH_ROUNDS times each (each refresh rotates the session),
#      waits for the async audit writer to drain, and measures the heap again.
# Writes benchmarks/results/memory.json (with the classes that grew most between the two measurements, from
# jcmd GC.class_histogram) and memory-load.jsonl, and prints a one-line summary.
# Needs wrk (apt-get install -y wrk), curl, jcmd (a JDK) and python3.
# Settings: MEMORY_SESSIONS (100000), MEMORY_HTTP_SESSIONS (2000), MEMORY_REFRESH_ROUNDS (2),
# MEMORY_WARMUP_ROUNDS (25), MEMORY_REFRESH_CLIENTS (4 curl processes), MEMORY_DURATION (8s per wrk
# scenario), MEMORY_PORT (18182), MEMORY_JAVA_OPTS (extra JVM options of the app, e.g. -XX:+UseSerialGC),
# MEMORY_BUILD (1: build the demo jar and the benchmarks jar first, as run.sh does; 0: use the built jars).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
out=$root/benchmarks/results
mkdir -p "$out"
sessions=${MEMORY_SESSIONS:-100000}
http_sessions=${MEMORY_HTTP_SESSIONS:-2000}
duration=${MEMORY_DURATION:-8s}
rounds=${MEMORY_REFRESH_ROUNDS:-2}
warmup_rounds=${MEMORY_WARMUP_ROUNDS:-25}
clients=${MEMORY_REFRESH_CLIENTS:-4}
port=${MEMORY_PORT:-18182}
base=http://localhost:$port
bench_jar=$root/benchmarks/target/benchmarks.jar

for tool in wrk curl jcmd python3; do
	command -v $tool >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

# The seeder hashes the usable tokens with the same secret as the app, so it is set here for both: random
# per run, like the secrets the demo generates for itself.
hash_secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')

if [ "${MEMORY_BUILD:-1}" = 1 ]; then
	echo "== Building the demo app and the benchmarks"
	./mvnw -q -B -DskipTests package -pl samples/demo-app -am
	./mvnw -q -B -Pbenchmarks -DskipTests package -pl benchmarks -am
fi

echo "== Starting the demo app"
# shellcheck source=benchmarks/demo.sh
. benchmarks/demo.sh
# shellcheck disable=SC2086
export AUTH_TOKEN_HASH_SECRET=$hash_secret
start_demo "$port" "$out/memory-demo.log" ${MEMORY_JAVA_OPTS:-}
seed() { java -cp "$bench_jar" dev.systemauth.benchmarks.SeedSessions "$@"; }

session=$(login)
access=$(echo "$session" | field accessToken)
workspace=$(echo "$session" | field workspaceId)
user=$(echo "$session" | field userId)
login_tokens=$out/memory-login-tokens.txt
: >"$login_tokens"
for _ in $(seq 1 8); do login | field refreshToken >>"$login_tokens"; done

login_lua=$out/memory-login.lua
cat benchmarks/load/login.lua benchmarks/load/done.lua >"$login_lua"
plain_lua=$out/memory-plain.lua
cp benchmarks/load/done.lua "$plain_lua"
: >"$out/memory-load.jsonl"

wrk_run() { # phase, scenario, threads, connections, lua, url, headers...
	local phase=$1 scenario=$2 threads=$3 connections=$4 lua=$5 url=$6
	shift 6
	local result
	result=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s "$lua" "$@" "$url" | grep '^RESULT ' | cut -c8-)
	echo "{\"phase\":\"$phase\",\"scenario\":\"$scenario\",\"wrk\":$result}" | tee -a "$out/memory-load.jsonl"
}

# POST /auth/refresh once per session and round, through the app's own refresh path: the sessions' latest
# refresh tokens (one a line) are split between $clients curl processes, each sending its share over one
# keep-alive connection; the rotated tokens replace the file's lines for the next round and the next phase.
refresh_sessions() { # phase, tokens file, rounds
	local phase=$1 tokens=$2 rounds=$3 work=$out/memory-refresh
	local sessions_count ok=0 started=$SECONDS pids
	sessions_count=$(wc -l <"$tokens")
	for _ in $(seq 1 "$rounds"); do
		rm -rf "$work" && mkdir -p "$work"
		split -n r/"$clients" "$tokens" "$work/part."
		pids=()
		for part in "$work"/part.*; do
			[ -s "$part" ] || continue
			awk -v url="$base/auth/refresh" 'NR > 1 { print "next" }
				{ printf "url = \"%s\"\nheader = \"Content-Type: application/json\"\n", url
				  printf "data = \"{\\\"refreshToken\\\":\\\"%s\\\"}\"\n", $0 }' "$part" >"$part.curl"
			curl -s -K "$part.curl" >"$part.out" &
			pids+=($!)
		done
		wait "${pids[@]}" || true
		cat "$work"/part.*.out | grep -oE '"refreshToken":"[^"]+"' | cut -d'"' -f4 >"$tokens" || true
		ok=$((ok + $(wc -l <"$tokens")))
	done
	echo "{\"phase\":\"$phase\",\"scenario\":\"refresh\",\"sessions\":$sessions_count,\"rounds\":$rounds,\"refreshed\":$ok,\"failed\":$((sessions_count * rounds - ok)),\"seconds\":$((SECONDS - started))}" \
		| tee -a "$out/memory-load.jsonl"
}

traffic() { # phase, refresh tokens file, rounds
	wrk_run "$1" login 2 4 "$login_lua" "$base/auth/login"
	refresh_sessions "$1" "$2" "$3"
	wrk_run "$1" tenant_me 2 16 "$plain_lua" "$base/tenant/me" -H "Authorization: Bearer $access" \
		-H "x-workspace-id: $workspace"
}

# Waits until the async audit writer has flushed its queue (the row count stops moving), so that queued
# audit events are not counted as retained heap.
settle() {
	local previous="" current
	for _ in $(seq 1 30); do
		current=$(seed stats "$pg_url")
		[ "$current" = "$previous" ] && break
		previous=$current
		sleep 1
	done
}

heap_used_kb() { # sum of the "used" figures of the heap (or of its generations), not of the metaspace
	jcmd "$demo_pid" GC.heap_info | awk '!/Metaspace|class space/ { if (match($0, /used [0-9]+K/)) { s += substr($0, RSTART + 5, RLENGTH - 6) } } END { print s }'
}

measure() { # name: prints the least used heap (KB) seen after three full GCs; keeps a class histogram
	local best="" used
	for _ in 1 2 3; do
		jcmd "$demo_pid" GC.run >/dev/null
		used=$(heap_used_kb)
		if [ -z "$best" ] || [ "$used" -lt "$best" ]; then best=$used; fi
		sleep 1
	done
	jcmd "$demo_pid" GC.class_histogram >"$out/memory-histogram-$1.txt"
	echo "$best"
}

echo "== Warm-up ($duration per scenario)"
traffic warmup "$login_tokens" "$warmup_rounds"
settle
before_kb=$(measure before)
before_db=$(seed stats "$pg_url")
echo "heap after full GC: $before_kb KB; database: $before_db"

echo "== Storing $sessions sessions, and $http_sessions more that the app will refresh"
seed bulk "$pg_url" "$user" "$workspace" "$sessions"
http_tokens=$out/memory-http-tokens.txt
seed usable "$pg_url" "$user" "$workspace" "$http_sessions" "$hash_secret" "$http_tokens"

echo "== Traffic over the stored sessions ($duration per scenario)"
traffic sessions "$http_tokens" "$rounds"
settle
after_kb=$(measure after)
after_db=$(seed stats "$pg_url")
echo "heap after full GC: $after_kb KB; database: $after_db"

jvm=$(jcmd "$demo_pid" VM.version | sed -n 's/^\(.*VM\) version \(.*\)$/\1 \2/p' | head -1)
flags=$(jcmd "$demo_pid" VM.flags)
gc=$(echo "$flags" | grep -oE -- '-XX:\+Use[A-Za-z0-9]+GC' | head -1 | sed 's/-XX:+Use//' || true)
max_heap=$(echo "$flags" | grep -oE -- '-XX:MaxHeapSize=[0-9]+' | cut -d= -f2 || true)

python3 - "$out" "$sessions" "$http_sessions" "$before_kb" "$after_kb" "$before_db" "$after_db" "$jvm" "$gc" "$max_heap" <<'PY'
import json, re, sys
out, sessions, http_sessions, before_kb, after_kb, before_db, after_db, jvm, gc, max_heap = sys.argv[1:]
before_db, after_db = json.loads(before_db), json.loads(after_db)

def histogram(name):
    classes, total = {}, 0
    for line in open(f"{out}/memory-histogram-{name}.txt"):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
        m = re.match(r"Total\s+(\d+)\s+(\d+)", line)
        if m:
            total = int(m.group(2))
    return classes, total

h_before, live_before = histogram("before")
h_after, live_after = histogram("after")
growth = sorted(((h_after.get(c, (0, 0))[1] - h_before.get(c, (0, 0))[1],
                  h_after.get(c, (0, 0))[0] - h_before.get(c, (0, 0))[0], c) for c in set(h_before) | set(h_after)),
                reverse=True)[:10]
added = after_db["sessions"] - before_db["sessions"]
load = [json.loads(line) for line in open(f"{out}/memory-load.jsonl")]
refresh = next(r for r in load if r["phase"] == "sessions" and r["scenario"] == "refresh")
growth_bytes = (int(after_kb) - int(before_kb)) * 1024
mb = lambda b: round(b / 1048576, 2)
result = {
    "sessions": int(sessions),
    "http_sessions": int(http_sessions),
    "sessions_in_db": after_db["sessions"],
    "rows_in_db": after_db["rows"],
    "rotated_sessions": after_db["rotated_sessions"],
    "http_refreshes": refresh["refreshed"],
    "http_refresh_failures": refresh["failed"],
    "heap_before_mb": mb(int(before_kb) * 1024),
    "heap_after_mb": mb(int(after_kb) * 1024),
    "growth_mb": mb(growth_bytes),
    "per_session_bytes": round(growth_bytes / added, 1),
    "live_objects_before_mb": mb(live_before),
    "live_objects_after_mb": mb(live_after),
    "top_growth": [{"class": c, "bytes": b, "instances": n} for b, n, c in growth if b > 0][:5],
    "jvm": jvm,
    "gc": gc,
    "max_heap_mb": mb(int(max_heap or 0)),
}
json.dump(result, open(f"{out}/memory.json", "w"), indent=2)
print(f"RESULT {added} more sessions ({after_db['sessions']} in the database, {refresh['refreshed']} refreshes "
      f"through the app, {refresh['failed']} failed): heap after full GC {result['heap_before_mb']} -> {result['heap_after_mb']} MB "
      f"({result['growth_mb']:+} MB, {result['per_session_bytes']} bytes per session); live objects "
      f"{result['live_objects_before_mb']} -> {result['live_objects_after_mb']} MB; {jvm}, {gc}")
PY
