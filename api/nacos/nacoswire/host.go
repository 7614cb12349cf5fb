package nacoswire

import (
	"strings"

	"github.com/causeway-dev/causeway/registry/naming"
)

// metaIDGenerator is PreservedMetadataKeys.INSTANCE_ID_GENERATOR.
const metaIDGenerator = "preserved.instance.id.generator"

// Host is one instance as Nacos 2.x's Jackson writes its api Instance,
// getters included, in that field order. instanceId is not part of it: the
// v2 list leaves it out (Nacos writes non-null fields only and keeps no id
// for instances registered over HTTP), while v1 puts it first by embedding
// Host after its own field.
type Host struct {
	IP                        string            `json:"ip"`
	Port                      int               `json:"port"`
	Weight                    Double            `json:"weight"`
	Healthy                   bool              `json:"healthy"`
	Enabled                   bool              `json:"enabled"`
	Ephemeral                 bool              `json:"ephemeral"`
	ClusterName               string            `json:"clusterName"`
	ServiceName               string            `json:"serviceName"`
	Metadata                  map[string]string `json:"metadata"`
	InstanceHeartBeatInterval int64             `json:"instanceHeartBeatInterval"`
	InstanceHeartBeatTimeOut  int64             `json:"instanceHeartBeatTimeOut"`
	IPDeleteTimeout           int64             `json:"ipDeleteTimeout"`
	InstanceIDGenerator       string            `json:"instanceIdGenerator"`
}

// NewHost renders an instance. Metadata is {} rather than null when the
// instance has none, as Nacos never writes it null.
func NewHost(in *naming.Instance) Host {
	gen := in.Metadata[metaIDGenerator]
	if gen == "" {
		gen = "simple"
	}
	md := in.Metadata
	if md == nil {
		md = map[string]string{}
	}
	return Host{
		IP:                        in.IP,
		Port:                      in.Port,
		Weight:                    Double(in.Weight),
		Healthy:                   in.Healthy,
		Enabled:                   in.Enabled,
		Ephemeral:                 in.Ephemeral,
		ClusterName:               in.Cluster,
		ServiceName:               in.Service.Grouped(),
		Metadata:                  md,
		InstanceHeartBeatInterval: in.BeatInterval().Milliseconds(),
		InstanceHeartBeatTimeOut:  in.BeatTimeout().Milliseconds(),
		IPDeleteTimeout:           in.DeleteTimeout().Milliseconds(),
		InstanceIDGenerator:       gen,
	}
}

// SplitClusters reads a comma list of cluster names, as clients send it.
func SplitClusters(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// ServiceInfo is Nacos 2.x's ServiceInfo, an answer about one service's
// instances, whatever the dialect that carries it; H is how a host is
// written there.
type ServiceInfo[H any] struct {
	Name                     string `json:"name"`
	GroupName                string `json:"groupName"`
	Clusters                 string `json:"clusters"`
	CacheMillis              int64  `json:"cacheMillis"`
	Hosts                    []H    `json:"hosts"`
	LastRefTime              int64  `json:"lastRefTime"`
	Checksum                 string `json:"checksum"`
	AllIPs                   bool   `json:"allIPs"`
	ReachProtectionThreshold bool   `json:"reachProtectionThreshold"`
	Valid                    bool   `json:"valid"`
}
