// Package tenancy keeps the namespaces (Nacos tenants) that the naming
// registry and the config centre share. The default namespace "public" is
// implicit: it always exists, is never stored and cannot change.
//
// It also keeps the CSE engines of seed 004 §5.3 (engines.go): an engine
// is an isolated tenant, a namespace named by the engine's id (the
// ServiceComb/kie project of that name), a user whose role is granted that
// namespace only, and a flavor whose limits the naming registry and the
// config centre enforce in their write paths (naming.Limiter,
// config.Limiter). Creating, changing and deleting an engine are jobs of
// idempotent steps, stored step by step and done by a runner that resumes
// unfinished jobs at start (runner.go, steps.go).
package tenancy

import (
	"errors"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

// Namespace types, as Nacos numbers them (NamespaceTypeEnum). Type 1, the
// private default namespace, is never produced by Nacos's own server.
const (
	TypeGlobal = 0
	TypeCustom = 2
)

// The implicit default namespace, worded as NamespaceOperationService
// describes it.
const (
	PublicID   = "public"
	PublicName = "public"
	PublicDesc = "Default Namespace"
)

// DefaultQuota is the config quota Nacos reports when none is configured.
const DefaultQuota = 200

// Namespace is one namespace as callers see it.
type Namespace struct {
	ID          string
	Name        string
	Desc        string
	Quota       int
	Type        int
	ConfigCount int
	CreatedAt   time.Time
	// Engine is the CSE engine that owns the namespace: the engine's own
	// one, or one created through its console (seed 004 §6); "" for none.
	Engine string
}

// IsPublic reports whether id names the default namespace: Nacos treats a
// blank id and "public" alike.
func IsPublic(id string) bool {
	id = strings.TrimSpace(id)
	return id == "" || id == PublicID
}

// ConfigCounter answers how many configs a namespace holds. The config
// centre implements it; the default namespace is asked for as PublicID.
type ConfigCounter interface {
	Count(namespace string) int
}

// record is what the store keeps for a custom namespace.
type record struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Desc      string    `json:"desc,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	// Engine owns the namespace (created through its §6 console).
	Engine string `json:"engine,omitempty"`
}

// Prefix holds every stored namespace.
const Prefix = "tenancy/ns/"

func key(id string) string { return Prefix + id }

// Unreported reports whether err is one that Nacos's edit and delete never
// report: they run an UPDATE or DELETE that may match no row and answer
// true, so an unknown id and the default namespace (which has no row)
// change nothing and succeed. Both console APIs answer alike.
func Unreported(err error) bool {
	var re *registry.Error
	return errors.As(err, &re) && (re.Kind == registry.KindNamespaceNotFound ||
		(re.Kind == registry.KindNamespace && re.Field == "namespaceId"))
}
