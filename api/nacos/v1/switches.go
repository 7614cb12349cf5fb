package v1

import (
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/naming"
)

type healthParamsJSON struct {
	Max    int             `json:"max"`
	Min    int             `json:"min"`
	Factor nacoswire.Float `json:"factor"`
}

// switchesJSON is Nacos's SwitchDomain as operator/switches shows it, with
// its defaults. Switches Causeway acts on come from naming.Switches; the
// others from what was stored in Switches.Other.
type switchesJSON struct {
	Name                                     string           `json:"name"`
	Masters                                  []string         `json:"masters"`
	AdWeightMap                              map[string]int   `json:"adWeightMap"`
	DefaultPushCacheMillis                   int64            `json:"defaultPushCacheMillis"`
	ClientBeatInterval                       int64            `json:"clientBeatInterval"`
	DefaultCacheMillis                       int64            `json:"defaultCacheMillis"`
	DistroThreshold                          nacoswire.Float  `json:"distroThreshold"`
	HealthCheckEnabled                       bool             `json:"healthCheckEnabled"`
	AutoChangeHealthCheckEnabled             bool             `json:"autoChangeHealthCheckEnabled"`
	DistroEnabled                            bool             `json:"distroEnabled"`
	EnableStandalone                         bool             `json:"enableStandalone"`
	PushEnabled                              bool             `json:"pushEnabled"`
	CheckTimes                               int              `json:"checkTimes"`
	HTTPHealthParams                         healthParamsJSON `json:"httpHealthParams"`
	TCPHealthParams                          healthParamsJSON `json:"tcpHealthParams"`
	MysqlHealthParams                        healthParamsJSON `json:"mysqlHealthParams"`
	IncrementalList                          []string         `json:"incrementalList"`
	ServerStatusSynchronizationPeriodMillis  int64            `json:"serverStatusSynchronizationPeriodMillis"`
	ServiceStatusSynchronizationPeriodMillis int64            `json:"serviceStatusSynchronizationPeriodMillis"`
	DisableAddIP                             bool             `json:"disableAddIP"`
	SendBeatOnly                             bool             `json:"sendBeatOnly"`
	LightBeatEnabled                         bool             `json:"lightBeatEnabled"`
	LimitedURLMap                            map[string]int   `json:"limitedUrlMap"`
	DistroServerExpiredMillis                int64            `json:"distroServerExpiredMillis"`
	PushGoVersion                            string           `json:"pushGoVersion"`
	PushJavaVersion                          string           `json:"pushJavaVersion"`
	PushPythonVersion                        string           `json:"pushPythonVersion"`
	PushCVersion                             string           `json:"pushCVersion"`
	PushCSharpVersion                        string           `json:"pushCSharpVersion"`
	EnableAuthentication                     bool             `json:"enableAuthentication"`
	OverriddenServerStatus                   *string          `json:"overriddenServerStatus"`
	DefaultInstanceEphemeral                 bool             `json:"defaultInstanceEphemeral"`
	HealthCheckWhiteList                     []string         `json:"healthCheckWhiteList"`
	Checksum                                 *string          `json:"checksum"`
}

// switchDomainName is the name Nacos gives its switch record.
const switchDomainName = "00-00---000-NACOS_SWITCH_DOMAIN-000---00-00"

func renderSwitches(s naming.Switches) switchesJSON {
	out := switchesJSON{
		Name: switchDomainName, AdWeightMap: map[string]int{}, DistroThreshold: 0.7,
		AutoChangeHealthCheckEnabled: true, DistroEnabled: true, EnableStandalone: true, PushEnabled: true,
		CheckTimes:        3,
		HTTPHealthParams:  healthParamsJSON{Max: 5000, Min: 500, Factor: 0.85},
		TCPHealthParams:   healthParamsJSON{Max: 5000, Min: 1000, Factor: 0.75},
		MysqlHealthParams: healthParamsJSON{Max: 3000, Min: 2000, Factor: 0.65},
		IncrementalList:   []string{}, ServerStatusSynchronizationPeriodMillis: 2000,
		ServiceStatusSynchronizationPeriodMillis: 5000, LimitedURLMap: map[string]int{},
		DistroServerExpiredMillis: 10000, PushGoVersion: "0.1.0", PushJavaVersion: "0.1.0",
		PushPythonVersion: "0.4.3", PushCVersion: "1.0.12", PushCSharpVersion: "0.9.0",
		HealthCheckWhiteList: []string{},
	}
	// Stored values of the other switches overlay the defaults by name.
	if len(s.Other) > 0 {
		if overlay, err := json.Marshal(s.Other); err == nil {
			_ = json.Unmarshal(overlay, &out) // each value was written by a setter below
		}
	}
	out.DefaultPushCacheMillis, out.ClientBeatInterval = s.DefaultPushCacheMillis, s.ClientBeatInterval
	out.DefaultCacheMillis, out.HealthCheckEnabled = s.DefaultCacheMillis, s.HealthCheckEnabled
	out.LightBeatEnabled, out.DefaultInstanceEphemeral = s.LightBeatEnabled, s.DefaultInstanceEphemeral
	out.PushEnabled = s.PushEnabled
	return out
}

// switches: GET operator/switches.
func (h *handler) switches(w http.ResponseWriter, r *http.Request, _ httpx.Params) error {
	sw, err := h.reg.GetSwitches(r.Context())
	if err != nil {
		return err
	}
	return writeJackson(w, renderSwitches(sw))
}

// updateSwitch: PUT operator/switches sets one switch by its Nacos entry
// name. Unknown entries change nothing and answer "ok", as in Nacos.
// "debug" (apply on this node only) is accepted; the store is shared, so
// every change applies everywhere.
func (h *handler) updateSwitch(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	entry := p.Str("entry", "")
	if entry == "" {
		return errMissing("entry")
	}
	value := p.Str("value", "")
	if value == "" {
		return errMissing("value")
	}
	if _, err := boolParam(p, "debug", false); err != nil {
		return err
	}
	set, known := switchSetters[entry]
	if !known {
		return writeOK(w)
	}
	err := h.reg.UpdateSwitches(r.Context(), func(s *naming.Switches) error { return set(s, value) })
	if err != nil {
		return err
	}
	return writeOK(w)
}

type switchSetter func(s *naming.Switches, value string) error

// switchSetters follow SwitchManager.update entry by entry, with its
// limits and messages.
var switchSetters = map[string]switchSetter{
	"distroThreshold": func(s *naming.Switches, v string) error {
		f, err := parseFloat(v)
		if err == nil && f <= 0 {
			return errBadRequest("distroThreshold can not be zero or negative: " + javaFloat(f))
		}
		return setOther(s, "distroThreshold", f, err)
	},
	"clientBeatInterval": func(s *naming.Switches, v string) error {
		return setInt(&s.ClientBeatInterval, v, math.MinInt64, "")
	},
	"pushVersion": setPushVersion,
	"pushCacheMillis": minMillis(func(s *naming.Switches) *int64 { return &s.DefaultPushCacheMillis }, 10000,
		"min cache time for http or tcp is too small(<10000)"),
	"defaultCacheMillis": minMillis(func(s *naming.Switches) *int64 { return &s.DefaultCacheMillis }, 1000,
		"min default cache time  is too small(<1000)"),
	"masters":            func(s *naming.Switches, v string) error { return setOther(s, "masters", strings.Split(v, ","), nil) },
	"distro":             otherBool("distroEnabled"),
	"check":              namedBool(func(s *naming.Switches) *bool { return &s.HealthCheckEnabled }),
	"healthCheckEnabled": namedBool(func(s *naming.Switches) *bool { return &s.HealthCheckEnabled }),
	"pushEnabled":        namedBool(func(s *naming.Switches) *bool { return &s.PushEnabled }),
	"serviceStatusSynchronizationPeriodMillis": otherMillis("serviceStatusSynchronizationPeriodMillis", 5000,
		"serviceStatusSynchronizationPeriodMillis is too small(<5000)"),
	"serverStatusSynchronizationPeriodMillis": otherMillis("serverStatusSynchronizationPeriodMillis", 1000,
		"serverStatusSynchronizationPeriodMillis is too small(<15000)"),
	"healthCheckTimes": func(s *naming.Switches, v string) error {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil {
			return errNotANumber(v)
		}
		return setOther(s, "checkTimes", n, nil)
	},
	"disableAddIP":     otherBool("disableAddIP"),
	"sendBeatOnly":     otherBool("sendBeatOnly"),
	"limitedUrlMap":    setLimitedURLMap,
	"enableStandalone": otherBool("enableStandalone"),
	"overriddenServerStatus": func(s *naming.Switches, v string) error {
		if v == "null" {
			v = ""
		}
		return setOther(s, "overriddenServerStatus", v, nil)
	},
	"defaultInstanceEphemeral":     namedBool(func(s *naming.Switches) *bool { return &s.DefaultInstanceEphemeral }),
	"distroServerExpiredMillis":    otherMillis("distroServerExpiredMillis", math.MinInt64, ""),
	"lightBeatEnabled":             namedBool(func(s *naming.Switches) *bool { return &s.LightBeatEnabled }),
	"autoChangeHealthCheckEnabled": otherBool("autoChangeHealthCheckEnabled"),
	"httpHealthParams":             healthParams("httpHealthParams", true),
	"tcpHealthParams":              healthParams("tcpHealthParams", true),
	"mysqlHealthParams":            healthParams("mysqlHealthParams", false),
}

func parseFloat(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errNotANumber(v)
	}
	return f, nil
}

// javaFloat prints a float as Java's Float.toString does for ordinary values.
func javaFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 32)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errNotABoolean("value", v)
}

func setBool(dst *bool, v string) error {
	b, err := parseBool(v)
	if err == nil {
		*dst = b
	}
	return err
}

// setInt parses a long into dst, refusing values under min with msg.
func setInt(dst *int64, v string, min int64, msg string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return errNotANumber(v)
	}
	if n < min {
		return errBadRequest(msg)
	}
	*dst = n
	return nil
}

func minMillis(field func(*naming.Switches) *int64, min int64, msg string) switchSetter {
	return func(s *naming.Switches, v string) error { return setInt(field(s), v, min, msg) }
}

func otherMillis(name string, min int64, msg string) switchSetter {
	return func(s *naming.Switches, v string) error {
		var n int64
		if err := setInt(&n, v, min, msg); err != nil {
			return err
		}
		return setOther(s, name, n, nil)
	}
}

// namedBool sets a switch Causeway acts on.
func namedBool(field func(*naming.Switches) *bool) switchSetter {
	return func(s *naming.Switches, v string) error { return setBool(field(s), v) }
}

// otherBool sets a switch Causeway only reports.
func otherBool(name string) switchSetter {
	return func(s *naming.Switches, v string) error {
		b, err := parseBool(v)
		return setOther(s, name, b, err)
	}
}

// setOther stores a switch Causeway only reports, unless parsing failed.
func setOther(s *naming.Switches, name string, v any, parseErr error) error {
	if parseErr != nil {
		return parseErr
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return errNotANumber(name)
	}
	if s.Other == nil {
		s.Other = map[string]json.RawMessage{}
	}
	s.Other[name] = raw
	return nil
}

var versionSyntax = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)

// pushVersionFields maps the client type of "pushVersion" to its switch.
var pushVersionFields = map[string]string{
	"java": "pushJavaVersion", "python": "pushPythonVersion", "c": "pushCVersion",
	"go": "pushGoVersion", "csharp": "pushCSharpVersion",
}

func setPushVersion(s *naming.Switches, v string) error {
	typ, version, _ := strings.Cut(v, ":")
	if !versionSyntax.MatchString(version) {
		return errBadRequest(`illegal version, must match: [0-9]+\.[0-9]+\.[0-9]+`)
	}
	field, ok := pushVersionFields[typ]
	if !ok {
		return errBadRequest("unsupported client type: " + typ)
	}
	return setOther(s, field, version, nil)
}

// setLimitedURLMap reads "url:status,url:status"; an empty map leaves the
// switch as it was, as Nacos does.
func setLimitedURLMap(s *naming.Switches, v string) error {
	m := map[string]int{}
	for _, each := range strings.Split(v, ",") {
		parts := strings.Split(each, ":")
		if len(parts) < 2 {
			return errBadRequest("invalid input for limited urls")
		}
		if parts[0] == "" {
			return errBadRequest("url can not be empty, url: ")
		}
		code, err := strconv.ParseInt(parts[1], 10, 32)
		if err != nil {
			return errNotANumber(parts[1])
		}
		if code <= 0 {
			return errBadRequest("illegal normal status code: " + strconv.FormatInt(code, 10))
		}
		m[parts[0]] = int(code)
	}
	return setOther(s, "limitedUrlMap", m, nil)
}

func healthParams(name string, check bool) switchSetter {
	return func(s *naming.Switches, v string) error {
		var hp healthParamsJSON
		if err := json.Unmarshal([]byte(v), &hp); err != nil {
			return errBadRequest("json param invalid.")
		}
		if check {
			switch {
			case hp.Min < 500:
				return errBadRequest("min check time for http or tcp is too small(<500)")
			case hp.Max < 3000:
				return errBadRequest("max check time for http or tcp is too small(<3000)")
			case hp.Factor < 0 || hp.Factor > 1:
				return errBadRequest("malformed factor")
			}
		}
		return setOther(s, name, hp, nil)
	}
}
