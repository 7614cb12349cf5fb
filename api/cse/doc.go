// Package cse serves the Huawei CSE REST dialect (seed 004): the gateway
// family under /v2/{project_id}/enginemgr/gateways/{gateway_id}, its
// gateways and HTTP routes, over registry/gateway; and, when given
// registry/tenancy's Engines, the engine family of §5.3 (flavors, engines,
// their jobs and the project's engine quota) for global admins, whose
// errors are the engine codes of table 9-2 (engines_errors.go).
//
// Bodies are JSON, read strictly (unknown fields, wrong types, trailing
// data and bodies over 1 MiB are refused before anything is stored), and
// every failure answers the CSE error shape
// {"error_code","error_msg","detail"} from one table (errors.go).
package cse
