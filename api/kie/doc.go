// Package kie serves the ServiceComb kie REST dialect (seed 004 §8.7 and
// §5.2) over registry/kie: kvs under /v1/{project_id}/kie/kv (create, get,
// update, delete, delete-many, list with label/key/status filters, the
// X-Kie-Revision header, revision=N "not modified" answers and wait=
// long polls), import under /v1/{project_id}/kie/file and export under
// /v1/{project_id}/kie/download.
//
// Bodies are JSON, read strictly (unknown fields, wrong types, trailing
// data and oversized bodies are refused before anything is stored). Every
// failure is answered from one table (errors.go) in the shape of its
// family: the kv routes in §8.7's {error_code, error_message} together
// with the {errorCode, errorMessage, detail} that the real kie server
// answers and go-chassis/kie-client reads; import and export in §5.2's
// {error_code, error_msg, detail}.
package kie
