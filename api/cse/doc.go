// Package cse serves the Huawei CSE REST dialect (seed 004): the gateway
// family under /v2/{project_id}/enginemgr/gateways/{gateway_id}, its
// gateways and HTTP routes, over registry/gateway; the governance, plugin
// and http2rpc families; the Nacos namespace console of §6 under
// /v1/{project_id}/nacos/v1/console/namespaces over registry/tenancy,
// scoped to the namespaces of the engine it names when given
// registry/tenancy's Engines (engines.go); and then the engine family of §5.3
// (flavors, engines, their jobs and the project's engine quota) for global
// admins, whose errors are the engine codes of table 9-2
// (engines_errors.go).
//
// Bodies are JSON, read strictly (unknown fields, wrong types, trailing
// data and bodies over 1 MiB are refused before anything is stored); the
// §6 routes take query parameters only, read as strictly (query.go).
// Every failure answers the CSE error shape
// {"error_code","error_msg","detail"} from one table (errors.go).
package cse
