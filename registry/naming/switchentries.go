package naming

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// SetSwitch applies one switch change by its Nacos entry name, as Nacos's
// SwitchManager.update does, with its limits and messages; every dialect's
// switches API goes through it. known is false for an entry Nacos does not
// have, which changes nothing. Values are read strictly: a boolean that is
// neither true nor false is refused, so a typo cannot flip a flag.
func SetSwitch(s *Switches, entry, value string) (known bool, err error) {
	set, known := switchSetters[entry]
	if !known {
		return false, nil
	}
	return true, set(s, value)
}

// HealthParams are the timing parameters of one Nacos health checker kind
// (httpHealthParams, tcpHealthParams, mysqlHealthParams). Causeway probes
// nothing: it stores and reports them.
type HealthParams struct {
	Max    int     `json:"max"`
	Min    int     `json:"min"`
	Factor float64 `json:"factor"`
}

type switchSetter func(s *Switches, value string) error

func badSwitch(text string) error {
	return registry.FieldErrorf(registry.KindInvalid, "value", "%s", text)
}

// notANumber is Java's NumberFormatException text, which Nacos sends as is.
func notANumber(v string) error { return badSwitch(`For input string: "` + v + `"`) }

var switchSetters = map[string]switchSetter{
	"distroThreshold": func(s *Switches, v string) error {
		f, err := parseSwitchFloat(v)
		if err == nil && f <= 0 {
			return badSwitch("distroThreshold can not be zero or negative: " + javaFloat(f))
		}
		return setOther(s, "distroThreshold", f, err)
	},
	"clientBeatInterval": func(s *Switches, v string) error {
		return setInt(&s.ClientBeatInterval, v, math.MinInt64, "")
	},
	"pushVersion": setPushVersion,
	"pushCacheMillis": minMillis(func(s *Switches) *int64 { return &s.DefaultPushCacheMillis }, 10000,
		"min cache time for http or tcp is too small(<10000)"),
	"defaultCacheMillis": minMillis(func(s *Switches) *int64 { return &s.DefaultCacheMillis }, 1000,
		"min default cache time  is too small(<1000)"),
	"masters":            func(s *Switches, v string) error { return setOther(s, "masters", strings.Split(v, ","), nil) },
	"distro":             otherBool("distroEnabled"),
	"check":              namedBool(func(s *Switches) *bool { return &s.HealthCheckEnabled }),
	"healthCheckEnabled": namedBool(func(s *Switches) *bool { return &s.HealthCheckEnabled }),
	"pushEnabled":        namedBool(func(s *Switches) *bool { return &s.PushEnabled }),
	"serviceStatusSynchronizationPeriodMillis": otherMillis("serviceStatusSynchronizationPeriodMillis", 5000,
		"serviceStatusSynchronizationPeriodMillis is too small(<5000)"),
	"serverStatusSynchronizationPeriodMillis": otherMillis("serverStatusSynchronizationPeriodMillis", 1000,
		"serverStatusSynchronizationPeriodMillis is too small(<15000)"),
	"healthCheckTimes": func(s *Switches, v string) error {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil {
			return notANumber(v)
		}
		return setOther(s, "checkTimes", n, nil)
	},
	"disableAddIP":     otherBool("disableAddIP"),
	"sendBeatOnly":     otherBool("sendBeatOnly"),
	"limitedUrlMap":    setLimitedURLMap,
	"enableStandalone": otherBool("enableStandalone"),
	"overriddenServerStatus": func(s *Switches, v string) error {
		if v == "null" {
			v = ""
		}
		return setOther(s, "overriddenServerStatus", v, nil)
	},
	"defaultInstanceEphemeral":     namedBool(func(s *Switches) *bool { return &s.DefaultInstanceEphemeral }),
	"distroServerExpiredMillis":    otherMillis("distroServerExpiredMillis", math.MinInt64, ""),
	"lightBeatEnabled":             namedBool(func(s *Switches) *bool { return &s.LightBeatEnabled }),
	"autoChangeHealthCheckEnabled": otherBool("autoChangeHealthCheckEnabled"),
	"httpHealthParams":             healthParams("httpHealthParams", true),
	"tcpHealthParams":              healthParams("tcpHealthParams", true),
	"mysqlHealthParams":            healthParams("mysqlHealthParams", false),
}

func parseSwitchFloat(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, notANumber(v)
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

func parseSwitchBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, badSwitch(fmt.Sprintf("Param 'value' is illegal, %q is not a valid boolean.", v))
}

// setInt parses a long into dst, refusing values under min with msg.
func setInt(dst *int64, v string, min int64, msg string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return notANumber(v)
	}
	if n < min {
		return badSwitch(msg)
	}
	*dst = n
	return nil
}

func minMillis(field func(*Switches) *int64, min int64, msg string) switchSetter {
	return func(s *Switches, v string) error { return setInt(field(s), v, min, msg) }
}

func otherMillis(name string, min int64, msg string) switchSetter {
	return func(s *Switches, v string) error {
		var n int64
		if err := setInt(&n, v, min, msg); err != nil {
			return err
		}
		return setOther(s, name, n, nil)
	}
}

// namedBool sets a switch Causeway acts on.
func namedBool(field func(*Switches) *bool) switchSetter {
	return func(s *Switches, v string) error {
		b, err := parseSwitchBool(v)
		if err == nil {
			*field(s) = b
		}
		return err
	}
}

// otherBool sets a switch Causeway only reports.
func otherBool(name string) switchSetter {
	return func(s *Switches, v string) error {
		b, err := parseSwitchBool(v)
		return setOther(s, name, b, err)
	}
}

// setOther stores a switch Causeway only reports, unless parsing failed.
func setOther(s *Switches, name string, v any, parseErr error) error {
	if parseErr != nil {
		return parseErr
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return notANumber(name)
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

func setPushVersion(s *Switches, v string) error {
	typ, version, _ := strings.Cut(v, ":")
	if !versionSyntax.MatchString(version) {
		return badSwitch(`illegal version, must match: [0-9]+\.[0-9]+\.[0-9]+`)
	}
	field, ok := pushVersionFields[typ]
	if !ok {
		return badSwitch("unsupported client type: " + typ)
	}
	return setOther(s, field, version, nil)
}

// setLimitedURLMap reads "url:status,url:status".
func setLimitedURLMap(s *Switches, v string) error {
	m := map[string]int{}
	for _, each := range strings.Split(v, ",") {
		parts := strings.Split(each, ":")
		if len(parts) < 2 {
			return badSwitch("invalid input for limited urls")
		}
		if parts[0] == "" {
			return badSwitch("url can not be empty, url: ")
		}
		code, err := strconv.ParseInt(parts[1], 10, 32)
		if err != nil {
			return notANumber(parts[1])
		}
		if code <= 0 {
			return badSwitch("illegal normal status code: " + strconv.FormatInt(code, 10))
		}
		m[parts[0]] = int(code)
	}
	return setOther(s, "limitedUrlMap", m, nil)
}

func healthParams(name string, check bool) switchSetter {
	return func(s *Switches, v string) error {
		var hp HealthParams
		if err := json.Unmarshal([]byte(v), &hp); err != nil {
			return badSwitch("json param invalid.")
		}
		if check {
			switch {
			case hp.Min < 500:
				return badSwitch("min check time for http or tcp is too small(<500)")
			case hp.Max < 3000:
				return badSwitch("max check time for http or tcp is too small(<3000)")
			case hp.Factor < 0 || hp.Factor > 1:
				return badSwitch("malformed factor")
			}
		}
		return setOther(s, name, hp, nil)
	}
}
