package nacoswire

import (
	"encoding/json"

	"github.com/causeway-dev/causeway/registry/naming"
)

// HealthParams are one checker kind's timing switches as Nacos writes
// them, the factor as a Java float.
type HealthParams struct {
	Max    int   `json:"max"`
	Min    int   `json:"min"`
	Factor Float `json:"factor"`
}

// SwitchDomain is Nacos's SwitchDomain as operator/switches shows it, with
// its defaults. Switches Causeway acts on come from naming.Switches; the
// others from what was stored in Switches.Other.
type SwitchDomain struct {
	Name                                     string         `json:"name"`
	Masters                                  []string       `json:"masters"`
	AdWeightMap                              map[string]int `json:"adWeightMap"`
	DefaultPushCacheMillis                   int64          `json:"defaultPushCacheMillis"`
	ClientBeatInterval                       int64          `json:"clientBeatInterval"`
	DefaultCacheMillis                       int64          `json:"defaultCacheMillis"`
	DistroThreshold                          Float          `json:"distroThreshold"`
	HealthCheckEnabled                       bool           `json:"healthCheckEnabled"`
	AutoChangeHealthCheckEnabled             bool           `json:"autoChangeHealthCheckEnabled"`
	DistroEnabled                            bool           `json:"distroEnabled"`
	EnableStandalone                         bool           `json:"enableStandalone"`
	PushEnabled                              bool           `json:"pushEnabled"`
	CheckTimes                               int            `json:"checkTimes"`
	HTTPHealthParams                         HealthParams   `json:"httpHealthParams"`
	TCPHealthParams                          HealthParams   `json:"tcpHealthParams"`
	MysqlHealthParams                        HealthParams   `json:"mysqlHealthParams"`
	IncrementalList                          []string       `json:"incrementalList"`
	ServerStatusSynchronizationPeriodMillis  int64          `json:"serverStatusSynchronizationPeriodMillis"`
	ServiceStatusSynchronizationPeriodMillis int64          `json:"serviceStatusSynchronizationPeriodMillis"`
	DisableAddIP                             bool           `json:"disableAddIP"`
	SendBeatOnly                             bool           `json:"sendBeatOnly"`
	LightBeatEnabled                         bool           `json:"lightBeatEnabled"`
	LimitedURLMap                            map[string]int `json:"limitedUrlMap"`
	DistroServerExpiredMillis                int64          `json:"distroServerExpiredMillis"`
	PushGoVersion                            string         `json:"pushGoVersion"`
	PushJavaVersion                          string         `json:"pushJavaVersion"`
	PushPythonVersion                        string         `json:"pushPythonVersion"`
	PushCVersion                             string         `json:"pushCVersion"`
	PushCSharpVersion                        string         `json:"pushCSharpVersion"`
	EnableAuthentication                     bool           `json:"enableAuthentication"`
	OverriddenServerStatus                   *string        `json:"overriddenServerStatus"`
	DefaultInstanceEphemeral                 bool           `json:"defaultInstanceEphemeral"`
	HealthCheckWhiteList                     []string       `json:"healthCheckWhiteList"`
	Checksum                                 *string        `json:"checksum"`
}

// SwitchDomainName is the name Nacos gives its switch record.
const SwitchDomainName = "00-00---000-NACOS_SWITCH_DOMAIN-000---00-00"

// NewSwitchDomain renders the switches as Nacos's SwitchDomain.
func NewSwitchDomain(s naming.Switches) SwitchDomain {
	out := SwitchDomain{
		Name: SwitchDomainName, AdWeightMap: map[string]int{}, DistroThreshold: 0.7,
		AutoChangeHealthCheckEnabled: true, DistroEnabled: true, EnableStandalone: true, PushEnabled: true,
		CheckTimes:        3,
		HTTPHealthParams:  HealthParams{Max: 5000, Min: 500, Factor: 0.85},
		TCPHealthParams:   HealthParams{Max: 5000, Min: 1000, Factor: 0.75},
		MysqlHealthParams: HealthParams{Max: 3000, Min: 2000, Factor: 0.65},
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
