#!/usr/bin/env bash
# Governance in the data plane: rate limit, retry and circuit breaking,
# declared as policies with the CLI and enforced by a gateway Envoy. See
# README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ex_init governance
here=$(dirname "${BASH_SOURCE[0]}")

ex_step "start Causeway (auth on), log in with the CLI"
ex_start_causeway causeway
ex_login
ex_cli_login

ex_step "start the backends: orders, flaky (fails every other request), payments-ok and payments-bad (always 503)"
ex_start_echo orders
ex_register_nacos orders "$ECHO_PORT"
ex_start_echo flaky -fail-every 2
ex_register_nacos flaky "$ECHO_PORT"
ex_start_echo payments-ok
ex_register_nacos payments "$ECHO_PORT"
ex_start_echo payments-bad -status 503
ex_register_nacos payments "$ECHO_PORT"

ex_step "apply the gateway and its routes, start the gateway Envoy"
gw_port=$(ex_free_port)
ex_cli apply -f "$(ex_render "$here/gateway.yaml" "s/port: 10080/port: $gw_port/")"
ex_start_gateway_envoy gw1
gw=http://127.0.0.1:$gw_port
ex_wait_for 20 "the gateway to route /orders" curl -sf -m 2 "$gw/orders"

# status PATH: the status of a GET through the gateway.
status() { curl -s -m 3 -o /dev/null -w '%{http_code}' "$gw$1"; }
# statuses N PATH: how many of N GETs answered each status.
statuses() {
	local i
	for ((i = 0; i < $1; i++)); do
		status "$2"
		echo
	done | sort | uniq -c | sed 's/^ *//' | paste -sd, | sed 's/,/, /g'
}
# route_has WORD: the gateway's active route configuration mentions WORD.
route_has() { curl -sf "$ENVOY_ADMIN/config_dump?resource=dynamic_route_configs" | grep -q "$1"; }

ex_step "rate limit: 5 requests a minute to /orders"
ex_cli apply -f "$here/rate-limit.yaml"
# Waiting on the configuration, not on requests, keeps the bucket full.
ex_wait_for 10 "the rate limit in Envoy's routes" route_has token_bucket
got=$(for i in 1 2 3 4 5 6 7 8; do status /orders; echo; done | paste -sd" ")
ex_assert_eq "200 200 200 200 200 429 429 429" "$got" "statuses of 8 requests in a row"

ex_step "retry: flaky fails every other request"
got=$(statuses 20 /flaky)
ex_assert_eq "10 200, 10 503" "$got" "20 requests without a retry policy"
ex_cli apply -f "$here/retry.yaml"
ex_wait_for 10 "the retry policy in Envoy's routes" route_has retry_policy
got=$(statuses 20 /flaky)
ex_assert_eq "20 200" "$got" "20 requests with retries"
retried=$(curl -sf "$ENVOY_ADMIN/stats?filter=flaky.*upstream_rq_retry_success$" | awk '{s+=$2} END{print s+0}')
ex_assert_between 20 40 "$retried" "retries that succeeded (Envoy's upstream_rq_retry_success)"

ex_cli get policies
ex_step "circuit breaking: payments-bad always answers 503"
got=$(statuses 20 /payments)
ex_assert_eq "10 200, 10 503" "$got" "20 requests before the policy"
ex_cli apply -f "$here/circuit-breaker.yaml"
t0=$(ex_ms)
# all_ok sends 20 requests whatever they answer (outlier detection needs
# 5 calls to an instance within its 1 s window to judge it) and says
# whether payments-ok answered every one.
all_ok() {
	local i ok=0
	for ((i = 0; i < 20; i++)); do
		[[ $(ex_upstream "$gw/payments") == payments-ok ]] && ok=$((ok + 1))
	done
	((ok == 20))
}
ex_wait_for 20 "payments-bad to be ejected" all_ok
ex_info "ejected after $(($(ex_ms) - t0)) ms (outlier detection evaluates every second)"
got=$(statuses 50 /payments)
ex_assert_eq "50 200" "$got" "50 requests with payments-bad ejected"
ejected=$(curl -sf "$ENVOY_ADMIN/stats?filter=payments.*outlier_detection.ejections_active$" | awk '{s+=$2} END{print s+0}')
ex_assert_eq 1 "$ejected" "instances Envoy has ejected"
