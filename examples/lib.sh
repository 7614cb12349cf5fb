# shellcheck shell=bash
# Helpers shared by examples/*/run.sh: source it, then call ex_init.
#
# Every example runs on fresh loopback ports and in a temporary directory,
# so several can run at once, and ex_init's trap stops every process the
# example started (ex_bg) and removes the directory, whatever happens.
# Set CAUSEWAY_EXAMPLE_KEEP=1 to keep the directory (logs, bootstraps).
#
# What it needs: bin/causeway (make build), Envoy (make envoy; or
# CAUSEWAY_ENVOY=/path/to/envoy), curl, jq and python3 (free ports).

EX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CAUSEWAY_BIN=${CAUSEWAY_BIN:-$EX_ROOT/bin/causeway}
ECHO_BIN=${ECHO_BIN:-$EX_ROOT/bin/echo}
EX_PIDS=()
EX_NAMES=()
EX_FAILED=0

# ex_init NAME: a work directory, the cleanup trap, the tools checked.
ex_init() {
	EX_NAME=$1
	EX_START=$(date +%s)
	EX_WORK=$(mktemp -d "${TMPDIR:-/tmp}/causeway-example-$EX_NAME-XXXXXX")
	trap ex_cleanup EXIT
	# The CLI saves its login here: this example's own.
	export XDG_CONFIG_HOME=$EX_WORK/config
	trap 'exit 130' INT TERM
	for tool in curl jq python3; do
		command -v "$tool" >/dev/null || ex_fail "this example needs $tool on PATH"
	done
	[[ -x $CAUSEWAY_BIN ]] || ex_fail "no $CAUSEWAY_BIN: run make build first"
	if [[ ! -x $ECHO_BIN ]]; then
		ex_step "building the echo backend into bin/echo"
		(cd "$EX_ROOT" && go build -o "$ECHO_BIN" ./examples/internal/echo) || ex_fail "could not build examples/internal/echo"
	fi
}

# ex_cleanup stops what the example started, newest first, and says how
# it went; on failure it shows the end of every log.
ex_cleanup() {
	local code=$?
	local i
	for ((i = ${#EX_PIDS[@]} - 1; i >= 0; i--)); do
		ex_stop_pid "${EX_PIDS[i]}"
	done
	if ((code != 0)); then
		for log in "$EX_WORK"/*.log; do
			[[ -f $log ]] || continue
			echo "----- last lines of $(basename "$log") -----" >&2
			tail -n 15 "$log" >&2
		done
		echo "FAIL: example $EX_NAME (exit $code)" >&2
	else
		echo "PASS: example $EX_NAME in $(($(date +%s) - EX_START)) s"
	fi
	if [[ ${CAUSEWAY_EXAMPLE_KEEP:-} == 1 ]]; then
		echo "kept $EX_WORK" >&2
	else
		rm -rf "$EX_WORK"
	fi
	exit "$code"
}

# ex_stop_pid PID: SIGTERM, then SIGKILL after 5 s (a JVM with Dubbo
# would otherwise spend 10 s on its graceful shutdown).
ex_stop_pid() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

ex_step() { echo "==> [$((SECONDS))s] $*"; }
ex_info() { echo "    $*"; }
ex_fail() {
	echo "FAILED: $*" >&2
	exit 1
}

# ex_bg NAME CMD...: runs CMD in the background, output to NAME.log,
# stopped at exit; sets EX_LAST_PID.
ex_bg() {
	local name=$1
	shift
	"$@" >"$EX_WORK/$name.log" 2>&1 &
	EX_LAST_PID=$!
	EX_PIDS+=("$EX_LAST_PID")
	EX_NAMES+=("$name")
}

# ex_free_port: a TCP port free on 127.0.0.1 now.
ex_free_port() { ex_free_ports 1; }

# ex_free_ports N: N different TCP ports free on 127.0.0.1 now, one a
# line (all held open together while chosen, so none repeats).
ex_free_ports() {
	python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# ex_wait_for SECONDS WHAT CMD...: runs CMD every 0.1 s until it succeeds;
# fails with WHAT after SECONDS.
ex_wait_for() {
	local secs=$1 what=$2
	shift 2
	local deadline=$((SECONDS + secs))
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || ex_fail "timed out after ${secs} s waiting for $what"
		sleep 0.1
	done
}

# ex_assert_eq WANT GOT WHAT
ex_assert_eq() {
	[[ $1 == "$2" ]] || ex_fail "$3: want $1, got $2"
	ex_info "ok: $3 ($2)"
}

# ex_assert_between LOW HIGH GOT WHAT
ex_assert_between() {
	((${3} >= $1 && ${3} <= $2)) || ex_fail "$4: $3 is not within [$1, $2]"
	ex_info "ok: $4 ($3, want $1..$2)"
}

# ex_ms: milliseconds since the epoch.
ex_ms() { date +%s%3N; }

# ex_start_causeway NAME [FLAGS...]: causeway serve with auth on, on fresh
# ports, its data in the work directory; waits for /readyz. Sets CW_URL
# (http://host:port of the REST APIs), CW_HTTP, CW_XDS, CW_H2R (the HTTP
# to Dubbo bridge), CW_GRPC (Nacos 2 gRPC), CW_PID. The admin user is
# nacos with password CW_PASSWORD. A port taken between choosing and
# binding it makes it try again on new ones.
CW_PASSWORD=${CAUSEWAY_ADMIN_PASSWORD:-Example-pass-1}
ex_start_causeway() {
	local name=$1 attempt
	shift
	local ports
	for attempt in 1 2 3; do
		mapfile -t ports < <(ex_free_ports 4)
		CW_HTTP=127.0.0.1:${ports[0]}
		CW_XDS=127.0.0.1:${ports[1]}
		CW_H2R=127.0.0.1:${ports[2]}
		CW_GRPC=127.0.0.1:${ports[3]}
		CW_URL=http://$CW_HTTP
		CAUSEWAY_ADMIN_PASSWORD=$CW_PASSWORD ex_bg "$name" "$CAUSEWAY_BIN" serve \
			--data-dir "$EX_WORK/$name-data" --auth=true \
			--http-addr "$CW_HTTP" --xds-addr "$CW_XDS" --http2rpc-addr "$CW_H2R" \
			--nacos-grpc-addr "$CW_GRPC" "$@"
		CW_PID=$EX_LAST_PID
		if ex_wait_ready "$CW_URL" "$CW_PID"; then
			return 0
		fi
		grep -q "address already in use" "$EX_WORK/$name.log" || ex_fail "causeway $name did not start"
		ex_info "a chosen port was taken meanwhile; trying new ports ($attempt)"
	done
	ex_fail "causeway $name did not start"
}

# ex_wait_ready URL PID: /readyz answers 200 within 30 s, while PID lives.
ex_wait_ready() {
	local deadline=$((SECONDS + 30))
	while ((SECONDS < deadline)); do
		kill -0 "$2" 2>/dev/null || return 1
		[[ $(curl -s -o /dev/null -w '%{http_code}' "$1/readyz") == 200 ]] && return 0
		sleep 0.1
	done
	return 1
}

# ex_login [URL]: logs in as the admin user (Nacos login API); sets
# CW_TOKEN, the access token the APIs take as accessToken or Bearer.
ex_login() {
	local url=${1:-$CW_URL}
	CW_TOKEN=$(curl -sf -X POST "$url/nacos/v1/auth/login" \
		--data-urlencode username=nacos --data-urlencode "password=$CW_PASSWORD" | jq -r .accessToken) ||
		ex_fail "login to $url"
	[[ -n $CW_TOKEN && $CW_TOKEN != null ]] || ex_fail "login to $url answered no token"
}

# ex_api METHOD PATH [CURL ARGS...]: an authenticated call to CW_URL that
# must answer 2xx; prints the body.
ex_api() {
	local method=$1 path=$2
	shift 2
	curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $CW_TOKEN" "$@" "$CW_URL$path" ||
		ex_fail "$method $path"
}

# ex_xds_token JSON: mints an xDS token (docs/SECURITY.md) for the client
# JSON describes, e.g. '{"role":"sidecar","namespace":"public"}'.
ex_xds_token() {
	ex_api POST /causeway/v1/xds/tokens -H 'Content-Type: application/json' -d "$1" | jq -r .token
}

# ex_envoy_bin: the Envoy to run: CAUSEWAY_ENVOY, else the one make envoy
# installs into .venv.
ex_envoy_bin() {
	if [[ -n ${CAUSEWAY_ENVOY:-} ]]; then
		echo "$CAUSEWAY_ENVOY"
		return
	fi
	local c
	for c in "$EX_ROOT"/.venv/lib/python3*/site-packages/envoy/_bin/envoy; do
		[[ -x $c ]] && { echo "$c"; return; }
	done
	ex_fail "no Envoy: run make envoy, or set CAUSEWAY_ENVOY"
}

# ex_start_envoy NAME BOOTSTRAP: runs Envoy on BOOTSTRAP with its admin
# port chosen by Envoy itself; waits until it is live. Sets ENVOY_ADMIN
# (http://host:port of its admin API).
ex_start_envoy() {
	local name=$1 bootstrap=$2 envoy
	envoy=$(ex_envoy_bin)
	local admin_file=$EX_WORK/$name.admin
	# A base id of its own, so that Envoys of examples running at once do
	# not share shared memory.
	ex_bg "$name" "$envoy" -c "$bootstrap" --base-id $((RANDOM * 100 + ${#EX_PIDS[@]})) \
		-l warning --disable-hot-restart --concurrency 1 --admin-address-path "$admin_file"
	local pid=$EX_LAST_PID
	ex_wait_for 30 "Envoy $name to start" test -s "$admin_file"
	ENVOY_ADMIN=http://$(cat "$admin_file")
	kill -0 "$pid" 2>/dev/null || ex_fail "Envoy $name exited"
}

# ex_bootstrap TEMPLATE OUT SED-EXPRESSIONS...: writes TEMPLATE with
# every expression applied (sed -e), and the admin port set to 0 (Envoy
# picks it; ex_start_envoy reads it back).
ex_bootstrap() {
	local template=$1 out=$2
	shift 2
	local args=(-e 's/port_value: 990[0-9]}/port_value: 0}/')
	local e
	for e in "$@"; do
		args+=(-e "$e")
	done
	sed "${args[@]}" "$template" >"$out"
}

# ex_start_echo NAME [ECHO FLAGS...]: the echo backend on a free port of
# 127.0.0.1; sets ECHO_PORT and ECHO_PID.
ex_start_echo() {
	local name=$1
	shift
	local port_file=$EX_WORK/$name.port
	ex_bg "$name" "$ECHO_BIN" -name "$name" -port-file "$port_file" "$@"
	ECHO_PID=$EX_LAST_PID
	ex_wait_for 10 "backend $name to listen" test -s "$port_file"
	ECHO_PORT=$(cat "$port_file")
}

# ex_upstream URL [CURL ARGS...]: the x-upstream header of the answer to
# a GET (which backend answered), or "status NNN" when it is not 200.
ex_upstream() {
	local url=$1
	shift
	local out
	out=$(curl -s -m 3 -o /dev/null -D - "$@" "$url" | tr -d '\r') || true
	local status
	status=$(awk 'NR==1{print $2}' <<<"$out")
	if [[ $status != 200 ]]; then
		echo "status ${status:-000}"
		return
	fi
	awk -F': ' 'tolower($1)=="x-upstream"{print $2}' <<<"$out"
}

# ex_count N URL [CURL ARGS...]: sends N GETs and prints how many each
# upstream (or status) took, one "count name" a line.
ex_count() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do
		ex_upstream "$@"
	done | sort | uniq -c | sed 's/^ *//'
}

# ex_etcd_bin: the etcd server to run: CAUSEWAY_ETCD, else the one make
# etcd builds into .tools (of this checkout or, from a git worktree, of
# the main one).
ex_etcd_bin() {
	if [[ -n ${CAUSEWAY_ETCD:-} ]]; then
		echo "$CAUSEWAY_ETCD"
		return
	fi
	local c
	for c in "$EX_ROOT"/.tools/etcd-v* "$(git -C "$EX_ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"/../.tools/etcd-v*; do
		[[ -x $c && $c != *.tmp ]] && { echo "$c"; return; }
	done
	ex_fail "no etcd: run make etcd, or set CAUSEWAY_ETCD"
}

# ex_start_etcd N: an N-member etcd cluster on fresh ports, as
# docs/CLUSTER.md starts one; sets ETCD_ENDPOINTS (comma-separated) once
# every member answers /health. A port taken between choosing and binding
# it makes it start again on new ones.
ex_start_etcd() {
	local n=$1 attempt
	for attempt in 1 2 3; do
		ex_try_etcd "$n" "$attempt" && return 0
		ex_info "a chosen port was taken meanwhile; trying new ports ($attempt)"
	done
	ex_fail "etcd did not start"
}

# ex_try_etcd N ATTEMPT: one try of ex_start_etcd; fails (1) only when a
# member could not bind its port.
ex_try_etcd() {
	local n=$1 try=$2 etcd i pid ports peers="" pids=()
	etcd=$(ex_etcd_bin)
	mapfile -t ports < <(ex_free_ports $((2 * n))) # client, peer; client, peer; ...
	for ((i = 0; i < n; i++)); do
		peers+="${peers:+,}m$i=http://127.0.0.1:${ports[2 * i + 1]}"
	done
	ETCD_ENDPOINTS=""
	for ((i = 0; i < n; i++)); do
		local client=http://127.0.0.1:${ports[2 * i]} peer=http://127.0.0.1:${ports[2 * i + 1]}
		ex_bg "etcd-m$i-$try" "$etcd" --name "m$i" --data-dir "$EX_WORK/etcd-m$i-$try" \
			--listen-client-urls "$client" --advertise-client-urls "$client" \
			--listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
			--initial-cluster "$peers" --initial-cluster-state new --auto-compaction-retention 1h
		pids+=("$EX_LAST_PID")
		ETCD_ENDPOINTS+="${ETCD_ENDPOINTS:+,}$client"
	done
	local deadline=$((SECONDS + 30)) healthy
	while ((SECONDS < deadline)); do
		healthy=0
		for ((i = 0; i < n; i++)); do
			if ! kill -0 "${pids[i]}" 2>/dev/null; then
				grep -q "address already in use" "$EX_WORK/etcd-m$i-$try.log" || ex_fail "etcd member m$i exited"
				for pid in "${pids[@]}"; do ex_stop_pid "$pid"; done
				return 1
			fi
			curl -sf -m 1 "http://127.0.0.1:${ports[2 * i]}/health" >/dev/null && healthy=$((healthy + 1))
		done
		((healthy == n)) && return 0
		sleep 0.1
	done
	ex_fail "etcd not healthy within 30 s"
}

# ex_cli_login: bin/causeway login to CW_URL as the admin user; the CLI
# commands that follow (apply, delete) use the saved login.
ex_cli_login() {
	"$CAUSEWAY_BIN" login --server "$CW_URL" --password-stdin <<<"$CW_PASSWORD" | sed 's/^/    /' ||
		ex_fail "causeway login"
}

# ex_cli CMD...: a bin/causeway client command, its output indented;
# fails the example when it fails. Sets EX_OUT to its output.
ex_cli() {
	EX_OUT=$("$CAUSEWAY_BIN" "$@" 2>&1) || {
		echo "$EX_OUT" >&2
		ex_fail "causeway $*"
	}
	echo "    \$ causeway $*"
	echo "$EX_OUT" | sed 's/^/      /'
}

# ex_render FILE SED-EXPRESSIONS...: FILE with the expressions applied,
# into the work directory; prints the copy's path. The examples' files
# carry fixed ports (10080 for a gateway listener); the copies get free
# ones, so that several examples run at once.
ex_render() {
	local file=$1 out
	shift
	out=$EX_WORK/$(basename "$(dirname "$file")")-$(basename "$file")
	local args=() e
	for e in "$@"; do
		args+=(-e "$e")
	done
	sed "${args[@]}" "$file" >"$out"
	echo "$out"
}

# ex_start_gateway_envoy GATEWAY_ID: mints a gateway xDS token and starts
# the gateway Envoy of examples/gateway-gray/envoy.yaml for GATEWAY_ID.
ex_start_gateway_envoy() {
	local gw=$1 token
	token=$(ex_xds_token "{\"role\":\"gateway\",\"gatewayId\":\"$gw\",\"namespace\":\"public\"}")
	ex_bootstrap "$EX_ROOT/examples/gateway-gray/envoy.yaml" "$EX_WORK/envoy-$gw.yaml" \
		"s/XDS_TOKEN/$token/" \
		"s/port_value: 18000}/port_value: ${CW_XDS##*:}}/" \
		"s/causeway.gateway_id: gw1/causeway.gateway_id: $gw/"
	ex_start_envoy "envoy-$gw" "$EX_WORK/envoy-$gw.yaml"
}

# ex_register_nacos SERVICE PORT [METADATA-JSON]: a persistent instance
# 127.0.0.1:PORT of SERVICE in public/DEFAULT_GROUP (Nacos v1 API).
ex_register_nacos() {
	local md=${3:-'{}'}
	ex_api POST /nacos/v1/ns/instance --data-urlencode "serviceName=$1" --data-urlencode ip=127.0.0.1 \
		--data-urlencode "port=$2" --data-urlencode ephemeral=false --data-urlencode "metadata=$md" >/dev/null
}
