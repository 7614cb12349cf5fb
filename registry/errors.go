// Package registry holds what every domain service of Causeway shares: the
// typed errors that dialects map onto their own error shapes.
//
// The services themselves live in sub-packages (naming, auth, ...) and the
// storage contract in registry/store.
package registry

import (
	"errors"
	"fmt"
)

// Kind classifies a domain error so that each API dialect can map it to its
// own status and code in one place.
type Kind int

// Error kinds. The comments name the Nacos v2 code they correspond to; other
// dialects keep their own tables.
const (
	KindInternal            Kind = iota // 30000
	KindMissing                         // 10000 parameter missing
	KindInvalid                         // 20002 parameter validate error
	KindNotFound                        // 20004 resource not found
	KindConflict                        // 20005 resource conflict
	KindServiceName                     // 21000
	KindWeight                          // 21001
	KindInstanceMetadata                // 21002
	KindInstanceNotFound                // 21003
	KindInstance                        // 21004
	KindServiceMetadata                 // 21005
	KindSelector                        // 21006
	KindServiceExists                   // 21007
	KindServiceNotFound                 // 21008
	KindServiceHasInstances             // 21009
	KindHealthyMissing                  // 21010
	KindHealthCheckRunning              // 21011
	KindNamespace                       // 22000
	KindNamespaceNotFound               // 22001
	KindNamespaceExists                 // 22002
	KindUnauthorized                    // no or bad credentials
	KindForbidden                       // authenticated but not allowed
	KindSchemaNotFound                  // a ServiceComb schema (400016)
	KindServiceHasConsumers             // a ServiceComb provider others depend on (400023)
	KindNotAllowed                      // a change the resource's state forbids (ServiceComb 400015)
	KindTagNotFound                     // a ServiceComb tag key the microservice lacks (400018)
	KindRuleTypeMixed                   // BLACK and WHITE rules on one ServiceComb provider (400020)
	KindRuleTypeLocked                  // a rule type change while the provider has rules (ServiceComb 400021)
	KindRuleNotFound                    // a ServiceComb black/white rule (400022)
	KindQuota                           // a per-resource quota is used up (ServiceComb 400100)
)

// Error is a domain error: a kind for machines and a message for people. The
// message follows the wording of the reference implementation where clients
// or users match on it.
type Error struct {
	Kind  Kind
	Field string // the offending parameter, when there is one
	Msg   string
}

func (e *Error) Error() string { return e.Msg }

// Errorf builds a domain error of the given kind.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// FieldErrorf builds a domain error about one parameter.
func FieldErrorf(kind Kind, field, format string, args ...any) *Error {
	return &Error{Kind: kind, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// KindOf answers the kind of err: the kind of the first *Error in its chain,
// KindInternal for anything else.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Missing reports a required parameter that was not given, worded as Nacos
// words it.
func Missing(field string) *Error {
	return FieldErrorf(KindMissing, field, "Required parameter '%s' type String is not present", field)
}
