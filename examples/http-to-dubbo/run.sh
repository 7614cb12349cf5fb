#!/usr/bin/env bash
# HTTP to Dubbo: an HTTP request through the gateway reaches the Java
# Dubbo provider through an http2rpc mapping applied with the CLI. See
# README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ex_init http-to-dubbo
here=$(dirname "${BASH_SOURCE[0]}")

for tool in java mvn; do
	command -v "$tool" >/dev/null || ex_fail "this example needs a JDK 17 and Maven ($tool is not on PATH)"
done
jar=${JAVA_PROVIDER_JAR:-$EX_ROOT/test/dubbo/java-provider/target/java-provider.jar}
if [[ ! -f $jar ]]; then
	ex_step "build the Java Dubbo provider (test/dubbo/java-provider, Maven; downloads Dubbo the first time)"
	(cd "$EX_ROOT/test/dubbo/java-provider" && mvn -q -B -DskipTests package) || ex_fail "mvn package of the Java provider"
fi

ex_step "start Causeway (auth on), log in with the CLI"
ex_start_causeway causeway
ex_login
ex_cli_login

ex_step "start the Java Dubbo provider and register it as Dubbo does (Nacos v1)"
dubbo_port=$(ex_free_port)
ex_bg provider env -C "$EX_WORK" java -jar "$jar" "$dubbo_port"
provider_pid=$EX_LAST_PID
ready() { kill -0 "$provider_pid" && grep -qx READY "$EX_WORK/provider.log"; }
ex_wait_for 90 "the Java provider to print READY" ready
ex_register_nacos "providers:com.causeway.test.UserService::" "$dubbo_port"
ex_info "com.causeway.test.UserService on dubbo://127.0.0.1:$dubbo_port"

ex_step "apply the gateway, its route and the http2rpc mapping; start the gateway Envoy"
gw_port=$(ex_free_port)
ex_cli apply -f "$(ex_render "$here/gateway.yaml" "s/port: 10080/port: $gw_port/")" -f "$here/http2rpc.yaml"
ex_cli get http2rpcs -gateway gw1
ex_start_gateway_envoy gw1
gw=http://127.0.0.1:$gw_port
ex_wait_for 30 "GET /users/greet to answer" curl -sf -m 3 "$gw/users/greet?name=ann"

ex_step "call the provider over HTTP"
call() { # METHOD PATH [BODY]: the answer's body, which must be 200
	local out
	out=$(curl -s -m 5 -X "$1" -w '\n%{http_code}' ${3:+-H 'Content-Type: application/json' -d "$3"} "$gw$2")
	[[ ${out##*$'\n'} == 200 ]] || ex_fail "$1 $2: ${out//$'\n'/ }"
	echo "${out%$'\n'*}"
}
ex_info "GET /users/greet?name=ann -> $(call GET '/users/greet?name=ann')"
ex_assert_eq '"Hello, ann!"' "$(call GET '/users/greet?name=ann' | jq -c .result)" "greet(\"ann\")"
ex_assert_eq 5 "$(call GET /users/add/2/3 | jq -c .result)" "add(2, 3)"
ex_assert_eq '{"age":31,"name":"bo"}' "$(call POST /users/echo '{"name":"bo","age":30}' | jq -cS .result)" "echoUser({name: bo, age: 30}) (the provider adds 1 to age)"
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$gw/users/add/2/x")
ex_assert_eq 400 "$code" "add(2, \"x\"): a parameter that is not an Integer"
