package plugin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/gateway"
)

// Limits of a plugin record. They keep every record far below the store's
// value limit and one gateway's translation small.
const (
	MaxPlugins         = 64 // per gateway
	MaxURLLen          = 2048
	MaxConfigLen       = 100 << 10 // pluginConfig, as config content elsewhere
	MaxSecretLen       = 16 << 10
	MaxVerificationLen = 16 << 10
)

// URL schemes a plugin's module may come from.
const (
	SchemeHTTP     = "http"
	SchemeHTTPS    = "https"
	SchemeOCI      = "oci"
	SchemeCauseway = "causeway"
)

var (
	namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	shaPattern  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// invalid is a validation error about one field, worded "field: problem".
func invalid(field, format string, args ...any) *registry.Error {
	return &registry.Error{Kind: registry.KindInvalid, Field: field, Msg: field + ": " + fmt.Sprintf(format, args...)}
}

// ValidSHA256 reports whether s is a sha256 as Causeway keeps it: 64
// lowercase hex digits.
func ValidSHA256(s string) bool { return shaPattern.MatchString(s) }

// Prepare checks a plugin as a client wrote it and answers it normalised
// for gateway k: defaults filled (phase UNSPECIFIED_PHASE, pull policy
// UNSPECIFIED_POLICY, fail strategy FAIL_CLOSE, pluginConfig {}), sha256
// lowercased, pluginConfig compacted. Its SHA256 is the requested one,
// possibly empty, until the module is resolved. Every error is KindInvalid
// and names its field.
func Prepare(k gateway.Key, in Input) (*Plugin, error) {
	if err := gateway.ValidateKey(k); err != nil {
		return nil, err
	}
	p := &Plugin{Gateway: k, ID: in.ID, VerificationKey: in.VerificationKey, ImagePullSecret: in.ImagePullSecret,
		Disabled: in.Disabled}
	if !namePattern.MatchString(in.Name) {
		return nil, invalid("pluginName", "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
	}
	p.Name = in.Name
	var err error
	if p.Phase, err = parsePhase(in.Phase); err != nil {
		return nil, err
	}
	if p.ImagePullPolicy, err = parsePolicy(in.ImagePullPolicy); err != nil {
		return nil, err
	}
	if p.FailStrategy, err = parseFailStrategy(in.FailStrategy); err != nil {
		return nil, err
	}
	if in.Priority != nil {
		if *in.Priority < MinPriority || *in.Priority > MaxPriority {
			return nil, invalid("priority", "must be %d to %d (an int32)", MinPriority, MaxPriority)
		}
		p.Priority = int(*in.Priority)
	}
	if p.Config, err = normaliseConfig(in.Config); err != nil {
		return nil, err
	}
	p.SHA256 = strings.ToLower(strings.TrimSpace(in.SHA256))
	if p.SHA256 != "" && !ValidSHA256(p.SHA256) {
		return nil, invalid("sha256", "must be 64 hex digits")
	}
	if p.URL, err = checkURL(in.URL, p.SHA256); err != nil {
		return nil, err
	}
	if len(in.ImagePullSecret) > MaxSecretLen {
		return nil, invalid("imagePullSecret", "must be at most %d bytes", MaxSecretLen)
	}
	if in.ImagePullSecret != "" {
		if _, err := ParsePullSecret(in.ImagePullSecret); err != nil {
			return nil, err
		}
	}
	if len(in.VerificationKey) > MaxVerificationLen {
		return nil, invalid("verificationKey", "must be at most %d bytes", MaxVerificationLen)
	}
	return p, nil
}

func parsePhase(s string) (Phase, error) {
	switch Phase(s) {
	case "":
		return PhaseUnspecified, nil
	case PhaseUnspecified, PhaseAuthN, PhaseAuthZ, PhaseStats:
		return Phase(s), nil
	}
	return "", invalid("phase", "must be UNSPECIFIED_PHASE, AUTHN, AUTHZ or STATS, not %q", s)
}

func parsePolicy(s string) (PullPolicy, error) {
	switch PullPolicy(s) {
	case "":
		return PullUnspecified, nil
	case PullUnspecified, PullIfNotPresent, PullAlways:
		return PullPolicy(s), nil
	}
	return "", invalid("imagePullPolicy", "must be UNSPECIFIED_POLICY, IfNotPresent or Always, not %q", s)
}

func parseFailStrategy(s string) (FailStrategy, error) {
	switch FailStrategy(s) {
	case "":
		return FailClose, nil
	case FailClose, FailOpen:
		return FailStrategy(s), nil
	}
	return "", invalid("failStrategy", "must be FAIL_CLOSE or FAIL_OPEN, not %q", s)
}

// normaliseConfig answers pluginConfig compacted; absent or null is {}.
func normaliseConfig(raw json.RawMessage) (json.RawMessage, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return json.RawMessage("{}"), nil
	}
	if len(trimmed) > MaxConfigLen {
		return nil, invalid("pluginConfig", "must be at most %d bytes", MaxConfigLen)
	}
	if trimmed[0] != '{' || !json.Valid(trimmed) {
		return nil, invalid("pluginConfig", "must be a JSON object")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, trimmed); err != nil {
		return nil, invalid("pluginConfig", "must be a JSON object")
	}
	return buf.Bytes(), nil
}

// checkURL checks a module URL: http(s)://host/..., oci://registry/
// repository[:tag|@digest] or causeway://<sha256>, whose sha256 must agree
// with a requested one.
func checkURL(raw, sha string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", invalid("url", "is required")
	}
	if len(raw) > MaxURLLen {
		return "", invalid("url", "must be at most %d bytes", MaxURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", invalid("url", "is not a URL: %v", err)
	}
	switch u.Scheme {
	case SchemeHTTP, SchemeHTTPS:
		if u.Host == "" {
			return "", invalid("url", "must name a host")
		}
	case SchemeOCI:
		if _, err := parseOCIRef(raw); err != nil {
			return "", invalid("url", "is not an OCI reference (oci://registry/repository[:tag|@digest]): %v", err)
		}
	case SchemeCauseway:
		up := strings.ToLower(strings.TrimPrefix(raw, SchemeCauseway+"://"))
		if !ValidSHA256(up) {
			return "", invalid("url", "must be causeway://<sha256 of an uploaded module>")
		}
		if sha != "" && sha != up {
			return "", invalid("sha256", "%s differs from the sha256 of the url", sha)
		}
		return SchemeCauseway + "://" + up, nil
	default:
		return "", invalid("url", "scheme must be http, https, oci or causeway, not %q", u.Scheme)
	}
	return raw, nil
}
