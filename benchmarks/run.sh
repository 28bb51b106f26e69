#!/usr/bin/env bash
# Regenerates docs/benchmarks.md and docs/benchmarks.png in one run:
#   1. JMH micro-benchmarks (token verification, bcrypt, protected-request check, refresh rotation);
#   2. a wrk load run against the demo app on its embedded PostgreSQL 17: an unauthenticated endpoint,
#      GET /tenant/me (protected, audited) and GET /tenant/ping (protected, not audited) of the same shape
#      (two interleaved rounds each), login, refresh, and /tenant/me during
#      a login flood, with the database statements of each scenario counted through pg_stat_statements;
#   3. a JFR profile of the app during /tenant/me, refresh and login, summarised by benchmarks/profile.py;
#   4. benchmarks/memory.sh: heap after a full GC before and after 100k stored sessions (BENCH_MEMORY=0 skips).
# Needs wrk (apt-get install -y wrk) and, for the chart, gnuplot (apt-get install -y gnuplot-nox).
# Settings: BENCH_DURATION (15s), BENCH_WARMUP_ROUNDS (4), BENCH_PORT (18181), BENCH_JMH_ARGS (extra JMH
# arguments), BENCH_MEMORY (1; 0 skips the memory run).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
out=$root/benchmarks/results
mkdir -p "$out"
rm -f "$out"/load.jsonl "$out"/profile.jsonl "$out"/memory.json
duration=${BENCH_DURATION:-15s}
port=${BENCH_PORT:-18181}
base=http://localhost:$port

command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 1; }

echo "== Building the demo app and the benchmarks"
./mvnw -q -B -DskipTests package -pl samples/demo-app -am
./mvnw -q -B -Pbenchmarks -DskipTests package -pl benchmarks -am
bench_jar=$root/benchmarks/target/benchmarks.jar

echo "== JMH micro-benchmarks"
AUTH_TEST_DOCKER=false java -jar "$bench_jar" -rf json -rff "$out/jmh.json" ${BENCH_JMH_ARGS:-} | grep -E '^(Benchmark|[A-Za-z]+Benchmarks\.)' || true

echo "== Starting the demo app"
# shellcheck source=benchmarks/demo.sh
. benchmarks/demo.sh
start_demo "$port" "$out/demo.log"

session=$(login)
access=$(echo "$session" | field accessToken)
workspace=$(echo "$session" | field workspaceId)
export BENCH_TOKENS=$out/refresh-tokens.txt
fresh_sessions() { # one refresh token per wrk connection, each the start of its own rotation chain
	: >"$BENCH_TOKENS"
	for _ in $(seq 1 8); do login | field refreshToken >>"$BENCH_TOKENS"; done
}
fresh_sessions

scenario_script() { # name, optional scenario lua
	local file=$out/$1.lua
	if [ -n "${2:-}" ]; then cat "$2" benchmarks/load/done.lua >"$file"; else cp benchmarks/load/done.lua "$file"; fi
	echo "$file"
}

cpu_ticks() { # user + system CPU clock ticks of the given processes, summed
	local total=0 pid
	for pid in "$@"; do
		[ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
	done
	echo "$total"
}

run() { # name, threads, connections, lua, url, headers...
	local name=$1 threads=$2 connections=$3 lua=$4 url=$5
	shift 5
	java -cp "$bench_jar" dev.systemauth.benchmarks.PgStatements reset "$pg_url"
	local result app_before db_before app_after db_after
	app_before=$(cpu_ticks "$demo_pid")
	db_before=$(cpu_ticks $(pgrep -x postgres))
	result=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s "$lua" "$@" "$url" | grep '^RESULT ' | cut -c8-)
	app_after=$(cpu_ticks "$demo_pid")
	db_after=$(cpu_ticks $(pgrep -x postgres))
	local statements
	statements=$(java -cp "$bench_jar" dev.systemauth.benchmarks.PgStatements count "$pg_url")
	echo "{\"scenario\":\"$name\",\"threads\":$threads,\"connections\":$connections,\"statements\":$statements,\"app_cpu_ticks\":$((app_after - app_before)),\"db_cpu_ticks\":$((db_after - db_before)),\"clock_ticks_per_second\":$(getconf CLK_TCK),\"wrk\":$result}" \
		| tee -a "$out/load.jsonl"
}

echo "== Load scenarios ($duration each)"
plain=$(scenario_script plain)
me=(-H "Authorization: Bearer $access" -H "x-workspace-id: $workspace")
# The JIT keeps speeding both paths up for about a minute: warm every scenario first (BENCH_WARMUP_ROUNDS
# alternating rounds of the two GETs, one of refresh, a short one of login), then measure the two GETs in
# alternation so that drift on a shared machine hits both alike.
for _ in $(seq 1 "${BENCH_WARMUP_ROUNDS:-4}"); do
	run warmup 2 16 "$plain" "$base/public/ping" >/dev/null
	run warmup 2 16 "$plain" "$base/tenant/me" "${me[@]}" >/dev/null
	run warmup 2 16 "$plain" "$base/tenant/ping" "${me[@]}" >/dev/null
done
run warmup 8 8 "$(scenario_script refresh benchmarks/load/refresh.lua)" "$base/auth/refresh" >/dev/null
wrk -t2 -c4 -d5s -s "$(scenario_script login benchmarks/load/login.lua)" "$base/auth/login" >/dev/null
fresh_sessions
run public_ping 2 16 "$plain" "$base/public/ping"
run tenant_me 2 16 "$plain" "$base/tenant/me" "${me[@]}"
run tenant_ping 2 16 "$plain" "$base/tenant/ping" "${me[@]}"
run public_ping_2 2 16 "$plain" "$base/public/ping"
run tenant_me_2 2 16 "$plain" "$base/tenant/me" "${me[@]}"
run tenant_ping_2 2 16 "$plain" "$base/tenant/ping" "${me[@]}"
run refresh 8 8 "$(scenario_script refresh benchmarks/load/refresh.lua)" "$base/auth/refresh"
run login 2 4 "$(scenario_script login benchmarks/load/login.lua)" "$base/auth/login"

echo "== /tenant/me during a login flood"
wrk -t2 -c8 -d"$(( ${duration%s} + 3 ))s" -s "$out/login.lua" "$base/auth/login" >/dev/null &
flood=$!
sleep 1
run tenant_me_during_login_flood 2 16 "$plain" "$base/tenant/me" "${me[@]}"
wait $flood || true

echo "== Profiles (JFR, not counted in the figures above)"
profile() { # name, wrk arguments...
	local name=$1
	shift
	jcmd "$demo_pid" JFR.start name="$name" settings=profile >/dev/null
	wrk "$@" >/dev/null
	jcmd "$demo_pid" JFR.stop name="$name" filename="$out/$name.jfr" >/dev/null
	python3 benchmarks/profile.py "$out/$name.jfr" "$name" "$out/profile.jsonl" >/dev/null
}
profile tenant_me -t2 -c16 -d"$duration" -s "$plain" "${me[@]}" "$base/tenant/me"
fresh_sessions
profile refresh -t8 -c8 -d"$duration" -s "$out/refresh.lua" "$base/auth/refresh"
profile login -t2 -c4 -d"$duration" -s "$out/login.lua" "$base/auth/login"

kill $demo_pid 2>/dev/null || true
wait $demo_pid 2>/dev/null || true
if [ "${BENCH_MEMORY:-1}" != 0 ]; then
	echo "== Memory with stored sessions"
	MEMORY_BUILD=0 benchmarks/memory.sh
fi

echo "== Report"
python3 benchmarks/report.py "$out" "$root/docs"
