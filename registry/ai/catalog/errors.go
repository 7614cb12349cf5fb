package catalog

import (
	"errors"

	"github.com/causeway-dev/causeway/registry"
)

// Reasons the Nacos API answers with codes of their own (Nacos's
// ErrorCode 50000-50102); errors.Is finds them in the registry's errors,
// which otherwise classify by their registry.Kind.
var (
	ErrMCPNotFound          = errors.New("MCP server not found")
	ErrMCPVersionNotFound   = errors.New("MCP server version not found")
	ErrMCPVersionExists     = errors.New("MCP server version has existed")
	ErrAgentNotFound        = errors.New("agent not found")
	ErrAgentVersionNotFound = errors.New("agent version not found")
	ErrAgentVersionExists   = errors.New("agent version already existed")
)

// reasonError is a registry error with one of the reasons above.
type reasonError struct {
	err    *registry.Error
	reason error
}

func (e *reasonError) Error() string   { return e.err.Error() }
func (e *reasonError) Unwrap() []error { return []error{e.err, e.reason} }

func because(reason error, err *registry.Error) error { return &reasonError{err: err, reason: reason} }
