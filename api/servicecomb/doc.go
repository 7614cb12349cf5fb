// Package servicecomb serves the ServiceComb service-center v4 REST dialect
// (seed 004 §8.2–8.6 and seed 002) over registry/servicecomb: the token,
// microservices, schemas, instances, heartbeats, finds and batch finds,
// and the providers of a consumer, under /v4/{project_id}/registry/....
//
// Bodies are JSON. Unknown fields are ignored, as service-center's own
// decoding does (SDKs send fields of newer versions); ill-typed ones and
// oversized bodies are refused before anything is stored. Every failure is
// answered from one table (errors.go) in service-center's shape,
// {"errorCode":"400012","errorMessage":"...","detail":"..."}, with the
// HTTP status the code's first three digits.
package servicecomb
