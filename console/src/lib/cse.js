// Paths and helpers of the CSE APIs the gateway, governance and ServiceComb
// pages use. The console picks a Nacos namespace; the CSE and ServiceComb
// APIs name the same space a project: namespace public is project default,
// any other namespace the project of the same name (docs/SERVICECOMB.md).
import { api } from './api.js';

export function projectOf(ns) {
  return !ns || ns === 'public' ? 'default' : ns;
}

const e = encodeURIComponent;

export const gatewaysPath = (p) => `/v2/${e(p)}/enginemgr/gateways`;
export const gatewayPath = (p, gw) => `${gatewaysPath(p)}/${e(gw)}`;
export const govPath = (p, kind) => `/v3/${e(p)}/govern/governance/${e(kind)}`;
export const routeRulePath = (p, svc) => `/v3/${e(p)}/govern/route-rule/microservices/${e(svc)}`;
export const scPath = (p) => `/v4/${e(p)}/registry/microservices`;

// The governance kinds of /govern/governance/{kind}, match group first
// (registry/governance.Kinds).
export const KINDS = ['match-group', 'retry', 'rate-limiting', 'loadbalance', 'circuit-breaker',
  'instance-isolation', 'fault-injection', 'bulkhead'];

// The plugin phases in filter chain order (controlplane/translate/plugins.go).
export const PHASES = ['AUTHN', 'AUTHZ', 'STATS', 'UNSPECIFIED_PHASE'];

// orderPlugins answers plugins in the order Envoy runs them: by phase,
// then the higher priority first, then the older (the list answers them in
// creation order, which the stable sort keeps for ties).
export function orderPlugins(list) {
  const rank = (p) => {
    const i = PHASES.indexOf(p.phase);
    return i < 0 ? PHASES.length - 1 : i;
  };
  return [...(list || [])].sort((a, b) => rank(a) - rank(b) || b.priority - a.priority);
}

// cse calls a CSE API with a JSON body (json undefined: none).
export function cse(method, path, json, params) {
  return api(method, path, params, json === undefined ? {} : { json });
}

// uploadModule stores a .wasm file on the server and answers
// {url: "causeway://<sha256>", sha256}.
export function uploadModule(file) {
  return api('POST', '/causeway/v1/wasm', {}, { body: file });
}

// splitList reads "a, b,c" as ["a", "b", "c"].
export function splitList(s) {
  return String(s || '').split(',').map((x) => x.trim()).filter(Boolean);
}
