# Sourced by run.sh and memory.sh: starts the demo app for a benchmark and waits until it answers.
# start_demo PORT LOG [JVM options...] [-- app arguments...]
# Sets demo_pid, demo_base and pg_url (the app's embedded PostgreSQL 17), and stops the app when the script
# exits. login prints a token response of the bootstrap user; field NAME reads one member of it.
# The bootstrap user is $BENCH_EMAIL / $BENCH_PASSWORD. Every setting is the default a new user gets (the
# membership cache is on by default), except the account lockout, which is out of the way because every
# login of the load run signs in the same account from the same address.
export BENCH_EMAIL=bench@example.com
export BENCH_PASSWORD='wrk drives the load run tonight'

start_demo() {
	local port=$1 log=$2 jvm_options=() app_arguments=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do jvm_options+=("$1"); shift; done
	[ "${1:-}" = -- ] && shift
	app_arguments=("$@")
	# The second factor and passkeys at the library's defaults (off); the demo turns them on for its users.
	# BENCH_MFA=true measures with them on (a login then also reads the user's factors and the workspace policy).
	AUTH_MFA_ENABLED=${BENCH_MFA:-false} AUTH_PASSKEYS_ENABLED=${BENCH_MFA:-false} \
	DEMO_BOOTSTRAP_EMAIL=$BENCH_EMAIL DEMO_BOOTSTRAP_PASSWORD=$BENCH_PASSWORD PORT=$port AUTH_MAIL_LOG_CONTENTS=false \
		java "${jvm_options[@]}" -jar samples/demo-app/target/demo-app-0.1.0-SNAPSHOT.jar --logging.level.root=WARN \
		--logging.level.dev.systemauth.demo=INFO --auth.throttle.account-max-failures=1000000 \
		"${app_arguments[@]}" >"$log" 2>&1 &
	demo_pid=$!
	trap 'kill $demo_pid 2>/dev/null && wait $demo_pid 2>/dev/null || true' EXIT
	for _ in $(seq 1 120); do
		curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
		sleep 1
	done
	curl -fs "http://localhost:$port/actuator/health" >/dev/null
	local pg_port
	pg_port=$(grep -oE 'embedded PostgreSQL 17 on port [0-9]+' "$log" | awk '{print $NF}')
	pg_url="jdbc:postgresql://localhost:$pg_port/postgres"
	demo_base=http://localhost:$port
}

login() {
	curl -fs -XPOST "$demo_base/auth/login" -H 'Content-Type: application/json' \
		-d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}"
}

field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
