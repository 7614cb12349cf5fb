#!/usr/bin/env bash
# A WASM plugin from build to enforcement: key-auth built with the
# standard Go toolchain, uploaded to Causeway, attached to a gateway with
# the CLI; Envoy answers 401 without a key and 200 with one. See README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ex_init wasm-plugin
here=$(dirname "${BASH_SOURCE[0]}")

module=${KEY_AUTH_WASM:-$EX_ROOT/build/plugins/key-auth.wasm}
if [[ ! -f $module ]]; then
	ex_step "build key-auth as make plugins does (GOOS=wasip1 GOARCH=wasm, c-shared)"
	module=$EX_WORK/key-auth.wasm
	(cd "$EX_ROOT" && GOOS=wasip1 GOARCH=wasm go build -trimpath -buildmode=c-shared -o "$module" ./plugins/key-auth) ||
		ex_fail "could not build plugins/key-auth"
fi
ex_info "module $module ($(($(stat -c %s "$module") / 1024)) KiB)"

ex_step "start Causeway (auth on), log in with the CLI"
ex_start_causeway causeway
ex_login
ex_cli_login

ex_step "start orders, apply the gateway and its route, start the gateway Envoy"
ex_start_echo orders
ex_register_nacos orders "$ECHO_PORT"
gw_port=$(ex_free_port)
ex_cli apply -f "$(ex_render "$here/gateway.yaml" "s/port: 10080/port: $gw_port/")"
ex_start_gateway_envoy gw1
gw=http://127.0.0.1:$gw_port/
ex_wait_for 20 "the gateway to route / to orders" curl -sf -m 2 "$gw"
status() { curl -s -m 3 -o /dev/null -w '%{http_code}' "$@" "$gw"; }
is_status() { [[ $(status) == "$1" ]]; }
ex_assert_eq 200 "$(status)" "a request without a key before the plugin"

ex_step "upload the module (POST /causeway/v1/wasm)"
upload=$(ex_api POST /causeway/v1/wasm -H 'Content-Type: application/wasm' --data-binary "@$module")
sha=$(jq -r .sha256 <<<"$upload")
ex_info "$upload"

ex_step "attach key-auth to gw1 (key-auth.yaml)"
ex_cli apply -f "$(ex_render "$here/key-auth.yaml" "s/MODULE_SHA256/$sha/g")"
ex_cli get plugins -gateway gw1
t0=$(ex_ms)
# Envoy fetches and compiles the module (2.7 MB; a few seconds with V8).
ex_wait_for 60 "the gateway to refuse a request without a key" is_status 401
ex_info "in force after $(($(ex_ms) - t0)) ms"
ex_assert_eq 401 "$(status)" "a request without a key"
ex_assert_eq 401 "$(status -H 'x-api-key: wrong')" "a request with a wrong key"
ex_assert_eq 200 "$(status -H 'x-api-key: demo-key-1')" "a request with demo-key-1"
ex_assert_eq 200 "$(status -H 'x-api-key: demo-key-2')" "a request with demo-key-2"

ex_step "detach it (causeway delete -f): open again"
ex_cli delete -f "$(ex_render "$here/key-auth.yaml" "s/MODULE_SHA256/$sha/g")"
ex_wait_for 10 "the gateway to let a request without a key through" is_status 200
ex_assert_eq 200 "$(status)" "a request without a key after the delete"
