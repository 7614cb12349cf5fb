package plugin

import (
	"encoding/json"

	"github.com/causeway-dev/causeway/registry/gateway"
)

// Phase says where in the gateway's HTTP filter chain a plugin runs
// (Istio WasmPlugin semantics): AUTHN before authentication, AUTHZ before
// authorization, STATS before stats, UNSPECIFIED_PHASE last, just before
// the router.
type Phase string

// Phases (seed 004 table 7-4).
const (
	PhaseUnspecified Phase = "UNSPECIFIED_PHASE"
	PhaseAuthN       Phase = "AUTHN"
	PhaseAuthZ       Phase = "AUTHZ"
	PhaseStats       Phase = "STATS"
)

// PullPolicy says when Causeway fetches a plugin's module again.
type PullPolicy string

// Pull policies (seed 004 table 7-4). Always fetches on every create and
// update; IfNotPresent and UNSPECIFIED_POLICY reuse a module already stored
// with the requested sha256 (or, without a sha256, the module the plugin
// already runs when its URL did not change) without any network access.
const (
	PullUnspecified  PullPolicy = "UNSPECIFIED_POLICY"
	PullIfNotPresent PullPolicy = "IfNotPresent"
	PullAlways       PullPolicy = "Always"
)

// FailStrategy says what the gateway does when the plugin cannot run
// (Istio WasmPlugin failStrategy): FAIL_CLOSE answers 503, FAIL_OPEN
// skips the plugin.
type FailStrategy string

// Fail strategies; FAIL_CLOSE is the default.
const (
	FailClose FailStrategy = "FAIL_CLOSE"
	FailOpen  FailStrategy = "FAIL_OPEN"
)

// Priority bounds: the seed types priority as an Integer (int32), as
// Istio's WasmPlugin does. Within a phase, higher priority runs first.
const (
	MinPriority = -1 << 31
	MaxPriority = 1<<31 - 1
)

// Plugin is one WASM plugin of a gateway. The JSON names are the seed's
// (table 7-4) plus id and failStrategy. Values handed out by the Registry
// are shared: never modify them.
type Plugin struct {
	ID   string `json:"id"`
	Name string `json:"pluginName"`
	// URL is where the module came from: http(s)://..., oci://registry/
	// repository[:tag|@digest] or causeway://<sha256> for an upload.
	URL string `json:"url"`
	// SHA256 is the lowercase hex sha256 of the module actually stored
	// (computed when the request gave none). Module(SHA256) answers its
	// bytes; Envoy fetches it from /causeway/v1/wasm/<SHA256>.wasm.
	SHA256   string `json:"sha256"`
	Phase    Phase  `json:"phase"`
	Priority int    `json:"priority"`
	// Config is the plugin configuration, always a compact JSON object
	// ("{}" when none was given); Envoy hands it to the plugin as is.
	Config          json.RawMessage `json:"pluginConfig"`
	ImagePullPolicy PullPolicy      `json:"imagePullPolicy"`
	// ImagePullSecret is the credential for the module's registry (see
	// ParsePullSecret). The seed echoes it in answers; so does Causeway.
	ImagePullSecret string `json:"imagePullSecret"`
	// VerificationKey is stored and answered as given; Causeway does not
	// verify module signatures with it.
	VerificationKey string       `json:"verificationKey"`
	FailStrategy    FailStrategy `json:"failStrategy"`
	// Disabled keeps the plugin, its module and its checked configuration
	// but leaves it out of the gateway's filter chain, so an operator can
	// switch it off and on without losing it (Causeway's addition to the
	// seed's fields; a stored plugin without it is enabled).
	Disabled bool `json:"disabled"`

	Gateway gateway.Key `json:"-"`
	// Revision is the store revision of the last change; Created the one
	// that created the plugin, which orders a gateway's plugins.
	Revision int64 `json:"-"`
	Created  int64 `json:"-"`
}

// Input is a plugin as a client writes it (seed 004 table 7-8). Pointers
// tell an absent field from a zero one; a PUT replaces the whole plugin,
// so an absent field takes its default then too.
type Input struct {
	ID              string          `json:"id"`
	Name            string          `json:"pluginName"`
	URL             string          `json:"url"`
	SHA256          string          `json:"sha256"`
	Phase           string          `json:"phase"`
	Priority        *int64          `json:"priority"`
	Config          json.RawMessage `json:"pluginConfig"`
	ImagePullPolicy string          `json:"imagePullPolicy"`
	ImagePullSecret string          `json:"imagePullSecret"`
	VerificationKey string          `json:"verificationKey"`
	FailStrategy    string          `json:"failStrategy"`
	Disabled        bool            `json:"disabled"`
}
