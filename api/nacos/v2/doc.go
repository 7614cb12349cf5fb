// Package v2 serves the Nacos 2.x open API for service discovery
// (/nacos/v2/ns/...) over the naming registry: instances, services, health
// and the client bookkeeping views.
//
// Every answer is the Nacos v2 envelope {"code","message","data"}. Errors
// carry Nacos's HTTP status, the code of its v2 error table and its message,
// with the detail in data; errors.go holds the single mapping from registry
// error kinds and parameter errors to that triple. The instance beat is the
// one exception: like Nacos it answers a bare JSON object, because Nacos 1.x
// clients read it that way.
//
// The parameter rules (defaults, which parameters are required, how their
// absence is worded) follow Nacos 2.5's InstanceControllerV2,
// ServiceControllerV2, HealthControllerV2 and ClientInfoControllerV2, while
// the name, size and range rules come from the registry, which every
// dialect shares.
package v2
