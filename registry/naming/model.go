package naming

import (
	"strconv"
	"strings"
	"time"
)

// Defaults of the Nacos naming model.
const (
	DefaultNamespace = "public"
	DefaultGroup     = "DEFAULT_GROUP"
	DefaultCluster   = "DEFAULT"
	// GroupSeparator joins group and service name in a grouped name.
	GroupSeparator = "@@"

	DefaultBeatInterval  = 5 * time.Second
	DefaultBeatTimeout   = 15 * time.Second
	DefaultDeleteTimeout = 30 * time.Second

	MetaBeatInterval  = "preserved.heart.beat.interval"
	MetaBeatTimeout   = "preserved.heart.beat.timeout"
	MetaDeleteTimeout = "preserved.ip.delete.timeout"
)

// ServiceKey names a service.
type ServiceKey struct {
	Namespace string `json:"namespace"`
	Group     string `json:"group"`
	Name      string `json:"name"`
}

// Grouped is the Nacos grouped name, group@@name.
func (k ServiceKey) Grouped() string { return k.Group + GroupSeparator + k.Name }

func (k ServiceKey) String() string { return k.Namespace + "/" + k.Grouped() }

// Selector is a service's access policy (Nacos "selector").
type Selector struct {
	Type       string `json:"type"`
	Expression string `json:"expression,omitempty"`
}

// HealthChecker says how the server checks a cluster's persistent instances.
type HealthChecker struct {
	Type string `json:"type"`
}

// Cluster is a named group of instances of a service with its own settings.
type Cluster struct {
	Name            string            `json:"name"`
	HealthChecker   HealthChecker     `json:"healthChecker"`
	Metadata        map[string]string `json:"metadata"`
	CheckPort       int               `json:"checkPort,omitempty"`
	UseInstancePort bool              `json:"useInstancePort,omitempty"`
}

// Service is a stored service. Ephemeral is fixed when the service is first
// created, as in Nacos: instances of the other kind are refused.
type Service struct {
	Key              ServiceKey          `json:"key"`
	ProtectThreshold float64             `json:"protectThreshold"`
	Metadata         map[string]string   `json:"metadata"`
	Selector         Selector            `json:"selector"`
	Ephemeral        bool                `json:"ephemeral"`
	Clusters         map[string]*Cluster `json:"clusters,omitempty"`
	// Implicit: created by a registration rather than the service APIs, so
	// it goes away some time after its last instance does.
	Implicit   bool  `json:"implicit,omitempty"`
	CreatedAt  int64 `json:"createdAt"`  // unix ms
	ModifiedAt int64 `json:"modifiedAt"` // unix ms

	// Revision is the store revision of the last change (not stored).
	Revision int64 `json:"-"`
}

// Instance is one registered endpoint of a service. Values reachable from the
// index are never mutated: a change stores a new Instance.
type Instance struct {
	Service   ServiceKey        `json:"service"`
	IP        string            `json:"ip"`
	Port      int               `json:"port"`
	Cluster   string            `json:"cluster"`
	Weight    float64           `json:"weight"`
	Enabled   bool              `json:"enabled"`
	Healthy   bool              `json:"healthy"`
	Ephemeral bool              `json:"ephemeral"`
	Metadata  map[string]string `json:"metadata"`
	// ClientID is the client that published the instance (Nacos bookkeeping):
	// ip:port#ephemeral for HTTP clients, the connection id for a Nacos 2
	// gRPC client.
	ClientID string `json:"clientId"`
	// Conn: the instance belongs to its client's connection (a Nacos 2 gRPC
	// client). It needs no beats and goes when the connection does.
	Conn bool `json:"conn,omitempty"`
	// Node is the cluster node that holds the connection of a Conn
	// instance (registry/cluster): when that node is gone, another sweeps
	// what its connections left.
	Node         string `json:"node,omitempty"`
	RegisteredAt int64  `json:"registeredAt"` // unix ms
	ModifiedAt   int64  `json:"modifiedAt"`   // unix ms

	// Revision is the store revision of the last change (not stored).
	Revision int64 `json:"-"`
}

// InstanceRef locates one instance of a service.
type InstanceRef struct {
	Service ServiceKey
	IP      string
	Port    int
	Cluster string
}

// Ref answers the instance's locator.
func (i *Instance) Ref() InstanceRef {
	return InstanceRef{Service: i.Service, IP: i.IP, Port: i.Port, Cluster: i.Cluster}
}

// ID is the Nacos 2 instance id: ip#port#cluster#group@@service.
func (i *Instance) ID() string {
	return i.IP + "#" + strconv.Itoa(i.Port) + "#" + i.Cluster + "#" + i.Service.Grouped()
}

// Address is ip:port.
func (i *Instance) Address() string { return joinHostPort(i.IP, i.Port) }

// BeatInterval, BeatTimeout and DeleteTimeout honour the preserved.* metadata
// of Nacos and fall back to its defaults.
func (i *Instance) BeatInterval() time.Duration {
	return metaMillis(i.Metadata, MetaBeatInterval, DefaultBeatInterval)
}

// BeatTimeout is how long without a beat before the instance is unhealthy.
func (i *Instance) BeatTimeout() time.Duration {
	return metaMillis(i.Metadata, MetaBeatTimeout, DefaultBeatTimeout)
}

// DeleteTimeout is how long without a beat before the instance is removed.
func (i *Instance) DeleteTimeout() time.Duration {
	return metaMillis(i.Metadata, MetaDeleteTimeout, DefaultDeleteTimeout)
}

func metaMillis(md map[string]string, key string, def time.Duration) time.Duration {
	v, ok := md[key]
	if !ok {
		return def
	}
	ms, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || ms <= 0 {
		return def
	}
	return time.Duration(ms) * time.Millisecond
}

// HTTPClientID is the Nacos 2 id of the HTTP client that owns an instance.
func HTTPClientID(ip string, port int, ephemeral bool) string {
	return joinHostPort(ip, port) + "#" + strconv.FormatBool(ephemeral)
}

func joinHostPort(ip string, port int) string {
	return ip + ":" + strconv.Itoa(port)
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
