#!/usr/bin/env bash
# Three Causeway nodes on a three-member etcd: an instance registered on
# one node is routed to by an Envoy streaming from another; that node is
# killed, traffic keeps flowing and Envoy follows changes through the next
# node. See README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ex_init cluster
here=$(dirname "${BASH_SOURCE[0]}")

ex_step "start a three-member etcd"
ex_start_etcd 3
ex_info "etcd: $ETCD_ENDPOINTS"

ex_step "start three Causeway nodes on it"
urls=() xds=() pids=()
for i in 0 1 2; do
	ex_start_causeway "node$i" --store etcd --etcd-endpoints "$ETCD_ENDPOINTS"
	urls+=("$CW_URL") xds+=("${CW_XDS##*:}") pids+=("$CW_PID")
	ex_info "node$i: REST $CW_URL, xDS $CW_XDS"
done
ex_login "${urls[0]}"
nodes=$(curl -sf -H "Authorization: Bearer $CW_TOKEN" "${urls[2]}/nacos/v1/ns/operator/servers" | jq '.servers | length')
ex_assert_eq 3 "$nodes" "live nodes node2 lists"

ex_step "register two instances of orders on node0 (Nacos v1)"
ex_start_echo orders-a
port_a=$ECHO_PORT
ex_start_echo orders-b
port_b=$ECHO_PORT
register() { # METHOD NODE-URL PORT
	curl -sf -X "$1" -H "Authorization: Bearer $CW_TOKEN" "$2/nacos/v1/ns/instance" \
		--data-urlencode serviceName=orders --data-urlencode ip=127.0.0.1 \
		--data-urlencode "port=$3" --data-urlencode ephemeral=false >/dev/null || ex_fail "$1 instance on $2"
}
register POST "${urls[0]}" "$port_a"
register POST "${urls[0]}" "$port_b"
ex_info "node2 sees them (the CLI logged in to node2):"
CW_URL=${urls[2]}
ex_cli_login
ex_cli get instances -service orders

ex_step "start the sidecar Envoy of examples/cluster/sidecar.yaml: node1 first, then node2, then node0"
CW_URL=${urls[1]}
ex_login
token=$(ex_xds_token '{"role":"sidecar","namespace":"public"}')
outbound=$(ex_free_port)
ex_bootstrap "$here/sidecar.yaml" "$EX_WORK/envoy.yaml" \
	"s/XDS_TOKEN/$token/" \
	"s/port_value: 18000}/port_value: @node1@}/" "s/port_value: 18001}/port_value: @node2@}/" "s/port_value: 18002}/port_value: @node0@}/" \
	"s/@node0@/${xds[0]}/" "s/@node1@/${xds[1]}/" "s/@node2@/${xds[2]}/" \
	"s/causeway.outbound_port: \"15001\"/causeway.outbound_port: \"$outbound\"/"
ex_start_envoy envoy "$EX_WORK/envoy.yaml"
sidecar=http://127.0.0.1:$outbound/
ex_wait_for 20 "the sidecar to route Host: orders" curl -sf -m 2 -H 'Host: orders' "$sidecar"
counts=$(ex_count 100 "$sidecar" -H 'Host: orders')
echo "$counts" | sed 's/^/    /'
ex_assert_between 30 70 "$(awk '$2=="orders-a"{print $1}' <<<"$counts")" "requests to orders-a"
ex_assert_between 30 70 "$(awk '$2=="orders-b"{print $1}' <<<"$counts")" "requests to orders-b"
grep -q "xDS client connected" "$EX_WORK/node1.log" || ex_fail "Envoy's stream is not on node1"
ex_info "ok: Envoy's ADS stream is on node1 (its log says xDS client connected)"

ex_step "kill node1 (SIGKILL), the node Envoy streams from"
kill -KILL "${pids[1]}"
wait "${pids[1]}" 2>/dev/null || true
t_kill=$(ex_ms)
counts=$(ex_count 100 "$sidecar" -H 'Host: orders')
echo "$counts" | sed 's/^/    /'
ex_assert_eq 100 "$(awk '$2 ~ /^orders-/{s+=$1} END{print s+0}' <<<"$counts")" "requests answered by orders right after the kill"

ex_step "deregister orders-b on node0: Envoy follows through node2"
t0=$(ex_ms)
register DELETE "${urls[0]}" "$port_b"
only_a() {
	local i
	for ((i = 0; i < 10; i++)); do
		[[ $(ex_upstream "$sidecar" -H 'Host: orders') == orders-a ]] || return 1
	done
}
ex_wait_for 20 "every request to go to orders-a" only_a
grep -q "xDS client connected" "$EX_WORK/node2.log" || ex_fail "Envoy's stream did not move to node2"
ex_info "ok: Envoy's ADS stream moved to node2"
echo "change made on node0 in force in Envoy after $(($(ex_ms) - t0)) ms, $(($(ex_ms) - t_kill)) ms after node1 was killed"
