#!/usr/bin/env bash
# Gateway and gray release: a gateway and a route applied with the CLI,
# then route rules sending x-version: v2 to version 2.0.0 and 10 % of the
# rest, checked through a real gateway Envoy. See README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ex_init gateway-gray
here=$(dirname "${BASH_SOURCE[0]}")

ex_step "start Causeway (auth on) and log in with the CLI"
ex_start_causeway causeway
ex_login
ex_cli_login

ex_step "start orders 1.0.0 and 2.0.0 and register them (Nacos v1, metadata version)"
ex_start_echo orders-v1
ex_register_nacos orders "$ECHO_PORT" '{"version":"1.0.0"}'
ex_start_echo orders-v2
ex_register_nacos orders "$ECHO_PORT" '{"version":"2.0.0"}'

ex_step "apply the gateway and its route"
gw_port=$(ex_free_port)
gateway=$(ex_render "$here/gateway.yaml" "s/port: 10080/port: $gw_port/")
ex_cli apply -f "$gateway"
ex_cli apply -f "$gateway"
grep -q unchanged <<<"$EX_OUT" || ex_fail "a second apply should say unchanged"
ex_cli get routes -gateway gw1

ex_step "start the gateway Envoy (envoy.yaml)"
ex_start_gateway_envoy gw1
gw=http://127.0.0.1:$gw_port/
ex_wait_for 20 "the gateway to route / to orders" curl -sf -m 2 "$gw"
counts=$(ex_count 100 "$gw")
echo "$counts" | sed 's/^/    /'
ex_assert_between 30 70 "$(awk '$2=="orders-v2"{print $1}' <<<"$counts")" "requests to orders-v2 before the gray release"

ex_step "apply the gray release (gray.yaml)"
ex_cli apply -f "$here/gray.yaml"
ex_cli get routerules -service orders
t0=$(ex_ms)
all_v2() {
	local i
	for ((i = 0; i < 10; i++)); do
		[[ $(ex_upstream "$gw" -H 'x-version: v2') == orders-v2 ]] || return 1
	done
}
ex_wait_for 10 "x-version: v2 to reach orders-v2 only" all_v2
ex_info "in force after $(($(ex_ms) - t0)) ms"
counts=$(ex_count 50 "$gw" -H 'x-version: v2')
ex_assert_eq "50 orders-v2" "$counts" "50 requests with x-version: v2"
counts=$(ex_count 200 "$gw")
echo "    200 requests without the header:"
echo "$counts" | sed 's/^/      /'
v1=$(awk '$2=="orders-v1"{print $1}' <<<"$counts")
v2=$(awk '$2=="orders-v2"{print $1}' <<<"$counts")
ex_assert_eq 200 "$((${v1:-0} + ${v2:-0}))" "requests answered"
# 10 % of 200 is 20, with a standard deviation of about 4.2: 6..34 is
# more than 3 of them either way.
ex_assert_between 6 34 "${v2:-0}" "requests to orders-v2 (10 % weight)"

ex_step "delete the gray release: plain balancing again"
ex_cli delete -f "$here/gray.yaml"
some_v1() {
	local i
	for ((i = 0; i < 10; i++)); do
		[[ $(ex_upstream "$gw" -H 'x-version: v2') == orders-v1 ]] && return 0
	done
	return 1
}
ex_wait_for 10 "x-version: v2 to reach orders-v1 again" some_v1
ex_info "ok: x-version: v2 reaches orders-v1 too"
