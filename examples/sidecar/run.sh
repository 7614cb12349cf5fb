#!/usr/bin/env bash
# Sidecar discovery: a sidecar Envoy learns the two instances of "orders"
# (one host, two ports) from Causeway over xDS, balances over both, and
# stops sending to an instance once it is deregistered. See README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ex_init sidecar
here=$(dirname "${BASH_SOURCE[0]}")

ex_step "start Causeway (auth on) and log in"
ex_start_causeway causeway
ex_login
ex_cli_login

ex_step "start two instances of orders on one host, two ports"
ex_start_echo orders-a
port_a=$ECHO_PORT
ex_start_echo orders-b
port_b=$ECHO_PORT

ex_step "register both through the Nacos v1 API"
register() {
	ex_api "$1" "/nacos/v1/ns/instance" --data-urlencode serviceName=orders \
		--data-urlencode ip=127.0.0.1 --data-urlencode "port=$2" --data-urlencode ephemeral=false >/dev/null
}
register POST "$port_a"
register POST "$port_b"
ex_cli get instances -service orders

ex_step "start the sidecar Envoy of examples/sidecar/envoy.yaml"
token=$(ex_xds_token '{"role":"sidecar","namespace":"public"}')
outbound=$(ex_free_port)
ex_bootstrap "$here/envoy.yaml" "$EX_WORK/envoy.yaml" \
	"s/XDS_TOKEN/$token/" \
	"s/port_value: 18000}/port_value: ${CW_XDS##*:}}/" \
	"s/causeway.outbound_port: \"15001\"/causeway.outbound_port: \"$outbound\"/"
ex_start_envoy envoy "$EX_WORK/envoy.yaml"
sidecar=http://127.0.0.1:$outbound/
ex_wait_for 20 "the sidecar to route Host: orders" curl -sf -m 2 -H 'Host: orders' "$sidecar"

ex_cli get nodes
ex_step "100 requests with Host: orders reach both instances"
counts=$(ex_count 100 "$sidecar" -H 'Host: orders')
echo "$counts" | sed 's/^/    /'
a=$(awk '$2=="orders-a"{print $1}' <<<"$counts")
b=$(awk '$2=="orders-b"{print $1}' <<<"$counts")
ex_assert_between 30 70 "${a:-0}" "requests to orders-a"
ex_assert_between 30 70 "${b:-0}" "requests to orders-b"

ex_step "deregister orders-b: traffic leaves it"
t0=$(ex_ms)
register DELETE "$port_b"
only_a() {
	local i
	for ((i = 0; i < 10; i++)); do
		[[ $(ex_upstream "$sidecar" -H 'Host: orders') == orders-a ]] || return 1
	done
}
ex_wait_for 10 "every request to go to orders-a" only_a
took=$(($(ex_ms) - t0))
counts=$(ex_count 50 "$sidecar" -H 'Host: orders')
ex_assert_eq "50 orders-a" "$counts" "the next 50 requests"
echo "deregistration in force in Envoy after ${took} ms (API answer to 10 requests in a row on orders-a)"
