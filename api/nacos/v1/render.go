package v1

import (
	"crypto/md5" //nolint:gosec // Nacos's list checksum is MD5; it is no security boundary
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Nacos sends "ok" and its error texts as text/plain (Spring Boot's String
// converter, which adds its UTF-8 charset) and objects as JSON through
// Jackson's converter, which since Spring 5.2 names no charset: the naming
// routes answer with contentJackson. contentJSON, with the charset, is what
// the config routes send.
const (
	contentText    = "text/plain;charset=UTF-8"
	contentJSON    = "application/json;charset=UTF-8"
	contentJackson = "application/json"
)

func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", contentText)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

func writeOK(w http.ResponseWriter) error {
	writeText(w, http.StatusOK, "ok")
	return nil
}

func writeJSON(w http.ResponseWriter, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return errInternal(err.Error())
	}
	writeBody(w, body)
	return nil
}

// writeBody answers 200 with a rendered JSON body.
func writeBody(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", contentJSON)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// writeJackson answers 200 with v as a naming route's JSON.
func writeJackson(w http.ResponseWriter, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return errInternal(err.Error())
	}
	writeJacksonBody(w, body)
	return nil
}

// writeJacksonBody answers 200 with a naming route's rendered JSON body.
func writeJacksonBody(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", contentJackson)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// hostJSON is one instance as Nacos 2.x serialises it (api Instance, with
// its instanceId first), plus the 1.x fields "valid" and "marked" that old
// clients read.
type hostJSON struct {
	InstanceID string `json:"instanceId"`
	nacoswire.Host
	Valid  bool `json:"valid"`
	Marked bool `json:"marked"`
}

func renderHost(in *naming.Instance) hostJSON {
	return hostJSON{InstanceID: in.ID(), Host: nacoswire.NewHost(in), Valid: in.Healthy}
}

// serviceInfoJSON is the answer of instance/list: Nacos 2.x's ServiceInfo,
// whose name is grouped for 1.x clients, plus the 1.x fields "dom",
// "useSpecifiedURL" and "env".
type serviceInfoJSON struct {
	nacoswire.ServiceInfo[hostJSON]
	Dom             string `json:"dom"`
	UseSpecifiedURL bool   `json:"useSpecifiedURL"`
	Env             string `json:"env"`
}

func renderServiceInfo(k naming.ServiceKey, clusters string, list []*naming.Instance, protected bool,
	cacheMillis, now int64) serviceInfoJSON {
	hosts := make([]hostJSON, len(list))
	for i, in := range list {
		hosts[i] = renderHost(in)
	}
	return serviceInfoJSON{
		ServiceInfo: nacoswire.ServiceInfo[hostJSON]{
			Name:                     k.Grouped(),
			GroupName:                k.Group,
			Clusters:                 clusters,
			CacheMillis:              cacheMillis,
			Hosts:                    hosts,
			LastRefTime:              now,
			Checksum:                 checksum(hosts),
			ReachProtectionThreshold: protected,
			Valid:                    true,
		},
		Dom: k.Grouped(),
	}
}

// checksum lets a 1.x client tell whether a list changed without comparing
// it host by host.
func checksum(hosts []hostJSON) string {
	body, _ := json.Marshal(hosts) // plain values: cannot fail
	sum := md5.Sum(body)           //nolint:gosec // see the import
	return hex.EncodeToString(sum[:])
}

// selectorJSON is a service's selector as Jackson writes Nacos's selector
// objects: the none selector works on no context ("NONE"), the label
// selector on CMDB labels.
type selectorJSON struct {
	Type        string `json:"type"`
	ContextType string `json:"contextType"`
	Expression  string `json:"expression,omitempty"`
}

func renderSelector(s naming.Selector) selectorJSON {
	if strings.EqualFold(s.Type, "label") {
		return selectorJSON{Type: "label", ContextType: "CMDB", Expression: s.Expression}
	}
	return selectorJSON{Type: "none", ContextType: "NONE"}
}

type healthCheckerJSON struct {
	Type string `json:"type"`
}

type clusterJSON struct {
	Name          string            `json:"name"`
	HealthChecker healthCheckerJSON `json:"healthChecker"`
	Metadata      map[string]string `json:"metadata"`
}

// serviceDetailJSON is the answer of GET service.
type serviceDetailJSON struct {
	NamespaceID      string            `json:"namespaceId"`
	GroupName        string            `json:"groupName"`
	Name             string            `json:"name"`
	ProtectThreshold nacoswire.Float   `json:"protectThreshold"`
	Metadata         map[string]string `json:"metadata"`
	Selector         selectorJSON      `json:"selector"`
	Clusters         []clusterJSON     `json:"clusters"`
}

func renderService(v *naming.ServiceView) serviceDetailJSON {
	s := v.Service
	out := serviceDetailJSON{
		NamespaceID:      s.Key.Namespace,
		GroupName:        s.Key.Group,
		Name:             s.Key.Name,
		ProtectThreshold: nacoswire.Float(s.ProtectThreshold),
		Metadata:         nonNil(s.Metadata),
		Selector:         renderSelector(s.Selector),
		Clusters:         make([]clusterJSON, 0, len(v.Clusters)),
	}
	for _, c := range v.Clusters {
		out.Clusters = append(out.Clusters, clusterJSON{
			Name: c.Name, HealthChecker: healthCheckerJSON{Type: c.HealthChecker.Type}, Metadata: nonNil(c.Metadata),
		})
	}
	return out
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
