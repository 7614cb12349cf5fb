// Package v1 serves the Nacos 1.x naming Open API (/nacos/v1/ns/...) over
// Causeway's naming registry, answering as a Nacos 2.5 server does: the same
// parameters and defaults, the same JSON shapes (with the 1.x fields old
// clients still read), and the same HTTP status and plain-text bodies for
// errors, so that existing Nacos clients and scripts work unchanged.
//
// Handlers only translate: parameters in, registry calls, Nacos shapes out.
// Validation lives in registry/naming; the one mapping from registry errors
// to Nacos v1 answers lives in errors.go.
package v1
