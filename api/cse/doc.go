// Package cse serves the Huawei CSE REST dialect (seed 004): for now the
// gateway family under /v2/{project_id}/enginemgr/gateways/{gateway_id},
// its gateways and HTTP routes, over registry/gateway.
//
// Bodies are JSON, read strictly (unknown fields, wrong types, trailing
// data and bodies over 1 MiB are refused before anything is stored), and
// every failure answers the CSE error shape
// {"error_code","error_msg","detail"} from one table (errors.go).
package cse
