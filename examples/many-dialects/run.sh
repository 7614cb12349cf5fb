#!/usr/bin/env bash
# One registry, many dialects: instances registered through ServiceComb's
# service-center v4 API are found through Nacos (v1 and v2 Open API) and
# routed to by a sidecar Envoy over xDS. See README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ex_init many-dialects
here=$(dirname "${BASH_SOURCE[0]}")

ex_step "start Causeway (auth on) and log in"
ex_start_causeway causeway
ex_login
ex_cli_login

ex_step "ServiceComb: create the microservice inventory and register two instances"
ex_start_echo inventory-1
port_1=$ECHO_PORT
ex_start_echo inventory-2
port_2=$ECHO_PORT
sc=/v4/default/registry
svc=$(ex_api POST "$sc/microservices" -H 'Content-Type: application/json' \
	-d '{"service":{"appId":"default","serviceName":"inventory","version":"1.0.0"}}' | jq -r .serviceId)
ex_info "serviceId $svc"
ids=()
for port in "$port_1" "$port_2"; do
	id=$(ex_api POST "$sc/microservices/$svc/instances" -H 'Content-Type: application/json' \
		-d "{\"instance\":{\"hostName\":\"inventory-$port\",\"endpoints\":[\"rest://127.0.0.1:$port\"]}}" | jq -r .instanceId)
	ex_info "instance $id at 127.0.0.1:$port"
	ids+=("$id")
done
found=$(ex_api GET "$sc/instances?appId=default&serviceName=inventory&version=latest" | jq -r '[.instances[].endpoints[]] | sort | join(" ")')
ex_assert_eq "$(printf '%s\n' "rest://127.0.0.1:$port_1" "rest://127.0.0.1:$port_2" | sort | paste -sd' ')" "$found" "ServiceComb find"

want=$(printf '%s\n' "$port_1" "$port_2" | sort | paste -sd' ')
ex_step "Nacos v1: GET /nacos/v1/ns/instance/list (project default = namespace public, app default = DEFAULT_GROUP)"
got=$(ex_api GET "/nacos/v1/ns/instance/list?serviceName=inventory&healthyOnly=true" | jq -r '[.hosts[].port] | sort | map(tostring) | join(" ")')
ex_assert_eq "$want" "$got" "ports Nacos v1 lists"
version=$(ex_api GET "/nacos/v1/ns/instance/list?serviceName=inventory" | jq -r '[.hosts[].metadata.version] | unique | join(" ")')
ex_assert_eq "1.0.0" "$version" "the version metadata Nacos sees"

ex_step "Nacos v2 Open API: GET /nacos/v2/ns/instance/list"
got=$(ex_api GET "/nacos/v2/ns/instance/list?serviceName=inventory&healthyOnly=true" | jq -r '[.data.hosts[].port] | sort | map(tostring) | join(" ")')
ex_assert_eq "$want" "$got" "ports Nacos v2 lists"

ex_step "Nacos 2 SDK: nacos-sdk-go v2 subscribes over gRPC (test/nacos/goclient)"
goclient=${NACOS_GOCLIENT:-}
if [[ -z $goclient ]]; then
	goclient=$EX_WORK/goclient
	(cd "$EX_ROOT" && go build -o "$goclient" ./test/nacos/goclient) || ex_fail "could not build test/nacos/goclient"
fi
ex_bg goclient "$goclient" -addr "$CW_HTTP" -grpc-port "${CW_GRPC##*:}" -user nacos -password "$CW_PASSWORD" \
	-service inventory -subscribe -dir "$EX_WORK/goclient-data"
pushed() { grep -qx "push $1" "$EX_WORK/goclient.log"; }
both=$(printf '127.0.0.1:%s\n' "$port_1" "$port_2" | sort | paste -sd' ')
ex_wait_for 30 "the SDK to be pushed both instances" pushed "$both"
ex_info "ok: the SDK was pushed: $both"

ex_step "the CLI sees them too"
ex_cli get instances -service inventory
ex_step "Envoy: a sidecar (examples/sidecar/envoy.yaml) routes Host: inventory to both"
token=$(ex_xds_token '{"role":"sidecar","namespace":"public"}')
outbound=$(ex_free_port)
ex_bootstrap "$here/../sidecar/envoy.yaml" "$EX_WORK/envoy.yaml" \
	"s/XDS_TOKEN/$token/" \
	"s/port_value: 18000}/port_value: ${CW_XDS##*:}}/" \
	"s/causeway.outbound_port: \"15001\"/causeway.outbound_port: \"$outbound\"/"
ex_start_envoy envoy "$EX_WORK/envoy.yaml"
sidecar=http://127.0.0.1:$outbound/
ex_wait_for 20 "the sidecar to route Host: inventory" curl -sf -m 2 -H 'Host: inventory' "$sidecar"
counts=$(ex_count 100 "$sidecar" -H 'Host: inventory')
echo "$counts" | sed 's/^/    /'
ex_assert_between 30 70 "$(awk '$2=="inventory-1"{print $1}' <<<"$counts")" "requests to inventory-1"
ex_assert_between 30 70 "$(awk '$2=="inventory-2"{print $1}' <<<"$counts")" "requests to inventory-2"

ex_step "ServiceComb: deregister inventory-2; the Nacos 2 SDK is pushed it and Envoy drops it"
t0=$(ex_ms)
ex_api DELETE "$sc/microservices/$svc/instances/${ids[1]}" >/dev/null
ex_wait_for 10 "the SDK to be pushed inventory-1 alone" pushed "127.0.0.1:$port_1"
ex_info "ok: the SDK was pushed 127.0.0.1:$port_1 after $(($(ex_ms) - t0)) ms"
only_1() {
	local i
	for ((i = 0; i < 10; i++)); do
		[[ $(ex_upstream "$sidecar" -H 'Host: inventory') == inventory-1 ]] || return 1
	done
}
ex_wait_for 10 "every request to go to inventory-1" only_1
ex_info "ok: Envoy sends everything to inventory-1 after $(($(ex_ms) - t0)) ms"
