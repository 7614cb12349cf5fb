package tenancy

import (
	"github.com/causeway-dev/causeway/registry"
)

// Engine statuses (seed 004 §5.3.2).
const (
	StatusCreating      = "Creating"
	StatusAvailable     = "Available"
	StatusDeleting      = "Deleting"
	StatusUpgrading     = "Upgrading"
	StatusModifying     = "Modifying"
	StatusCreateFailed  = "CreateFailed"
	StatusDeleteFailed  = "DeleteFailed"
	StatusUpgradeFailed = "UpgradeFailed"
	StatusModifyFailed  = "ModifyFailed"
)

// Authentication types of an engine.
const (
	AuthRBAC = "RBAC"
	AuthNone = "NONE"
)

// CurrentVersion is the engine version a new engine gets and the latest
// one an upgrade may reach: the engine is this Causeway, whatever it runs.
const CurrentVersion = "2.4.0"

// Engine is a CSE engine: an isolated tenant of this Causeway. Its data
// space is the namespace named by its id (a ServiceComb/kie project of
// the same name, registry/scope.go), its identity the user Username bound
// to a role granted that namespace only, its limits its flavor's.
type Engine struct {
	ID          string            `json:"id"`
	Project     string            `json:"project"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Flavor      string            `json:"flavor"`
	Payment     string            `json:"payment"`
	AuthType    string            `json:"authType"`
	SpecType    string            `json:"specType"`
	AZList      []string          `json:"azList"`
	VPC         string            `json:"vpc"`
	VPCID       string            `json:"vpcId,omitempty"`
	NetworkID   string            `json:"networkId"`
	SubnetCIDR  string            `json:"subnetCidr"`
	PublicIPID  string            `json:"publicIpId,omitempty"`
	Inputs      map[string]string `json:"inputs,omitempty"`
	Version     string            `json:"version"`
	Status      string            `json:"status"`
	CreateUser  string            `json:"createUser,omitempty"`
	CreatedAt   int64             `json:"createdAt"` // Unix ms
	UpdatedAt   int64             `json:"updatedAt"`
	LatestJobID int64             `json:"latestJobId"`
}

// Namespace answers the engine's namespace (and ServiceComb/kie project).
func (e *Engine) Namespace() string { return e.ID }

// Username answers the engine's identity, a user of this Causeway.
func (e *Engine) Username() string { return "engine-" + e.Name }

// role is the role that grants the engine's user its namespace.
func (e *Engine) role() string { return "ENGINE_" + e.ID }

// Limits answers the engine's flavor's limits (zero for an unknown one).
func (e *Engine) FlavorLimits() Flavor {
	f, _ := FlavorByName(e.Flavor)
	return f
}

// busy reports whether a job of the engine is under way.
func (e *Engine) busy() bool {
	switch e.Status {
	case StatusCreating, StatusDeleting, StatusUpgrading, StatusModifying:
		return true
	}
	return false
}

// failed reports whether the engine's last job failed (it may be retried).
func (e *Engine) failed() bool {
	switch e.Status {
	case StatusCreateFailed, StatusDeleteFailed, StatusUpgradeFailed, StatusModifyFailed:
		return true
	}
	return false
}

// Store layout: engines by id, their names (unique, for the user each
// names), the jobs by id and the job id sequence.
const (
	EnginePrefix = "tenancy/engines/"
	namePrefix   = "tenancy/enginenames/"
	JobPrefix    = "tenancy/jobs/"
	jobSeqKey    = "tenancy/jobseq"
)

func engineKey(id string) string { return EnginePrefix + id }
func nameKey(name string) string { return namePrefix + name }

// Engine errors carry the field the CSE dialect maps to the seed's engine
// codes (api/cse/engines_errors.go).
func engineNotFound(id string) error {
	return registry.FieldErrorf(registry.KindNotFound, "engine_id", "engine %s not found", id)
}

func jobNotFound(id string) error {
	return registry.FieldErrorf(registry.KindNotFound, "job_id", "job %s not found", id)
}

func invalid(field, format string, args ...any) error {
	return registry.FieldErrorf(registry.KindInvalid, field, format, args...)
}

func notNow(e *Engine, action string) error {
	field := "status"
	if action != "deleted" {
		field = "engine"
	}
	return registry.FieldErrorf(registry.KindNotAllowed, field,
		"engine %s is %s and cannot be %s now", e.ID, e.Status, action)
}
