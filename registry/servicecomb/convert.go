package servicecomb

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Naming metadata keys of a ServiceComb instance; the instance's
// properties are the other keys.
const (
	metaVersion     = "version"
	metaEnvironment = "environment"
	metaPrefix      = "servicecomb."
	metaServiceID   = metaPrefix + "serviceId"
	metaInstanceID  = metaPrefix + "instanceId"
	metaHostName    = metaPrefix + "hostName"
	metaEndpoints   = metaPrefix + "endpoints"
	metaStatus      = metaPrefix + "status"
	metaHealthCheck = metaPrefix + "healthCheck"
	metaDataCenter  = metaPrefix + "dataCenterInfo"
	metaTimestamp   = metaPrefix + "timestamp"
	// metaModTimestamp is the instance's last change as service-center
	// counts changes (registration, status, properties): the naming
	// record's own modification time moves on health flips too.
	metaModTimestamp = metaPrefix + "modTimestamp"
)

// reservedKey reports a metadata key that is not a property.
func reservedKey(k string) bool {
	return k == metaVersion || k == metaEnvironment || strings.HasPrefix(k, metaPrefix) || strings.HasPrefix(k, "preserved.")
}

// toNaming answers the naming instance of a ServiceComb instance of s at
// the address of its first endpoint.
func toNaming(project string, s *Microservice, in *Instance, host string, port int) naming.Instance {
	md := make(map[string]string, len(in.Properties)+12)
	for k, v := range in.Properties {
		md[k] = v
	}
	md[metaVersion] = s.Version
	if s.Environment != "" {
		md[metaEnvironment] = s.Environment
	}
	md[metaServiceID] = s.ServiceID
	md[metaInstanceID] = in.InstanceID
	md[metaHostName] = in.HostName
	md[metaEndpoints] = string(mustJSON(in.Endpoints))
	md[metaStatus] = in.Status
	md[metaHealthCheck] = string(mustJSON(in.HealthCheck))
	if in.DataCenterInfo != nil {
		md[metaDataCenter] = string(mustJSON(in.DataCenterInfo))
	}
	md[metaTimestamp] = in.Timestamp
	md[metaModTimestamp] = in.ModTimestamp
	hc := in.HealthCheck
	ttl := int64(hc.Interval) * int64(hc.Times+1) * 1000
	md[naming.MetaBeatInterval] = strconv.FormatInt(int64(hc.Interval)*1000, 10)
	md[naming.MetaBeatTimeout] = strconv.FormatInt(ttl, 10)
	md[naming.MetaDeleteTimeout] = strconv.FormatInt(ttl, 10)
	return naming.Instance{
		Service: namingKey(project, s.AppID, s.ServiceName), IP: host, Port: port, Cluster: naming.DefaultCluster,
		Weight: 1, Enabled: in.Status == StatusUp, Healthy: true, Ephemeral: true, Metadata: md,
	}
}

// fromNaming answers the ServiceComb view of a naming instance of project:
// what a ServiceComb client registered, or, for an instance registered
// through Nacos, one made up from its address and metadata with stable ids.
func fromNaming(project string, in *naming.Instance) *Instance {
	md := in.Metadata
	out := &Instance{
		InstanceID: md[metaInstanceID], ServiceID: md[metaServiceID], Version: md[metaVersion],
		HostName: md[metaHostName], Status: md[metaStatus], Timestamp: md[metaTimestamp],
		ModTimestamp: md[metaModTimestamp], Properties: properties(md),
	}
	if out.ModTimestamp == "" { // registered before the key was written
		out.ModTimestamp = strconv.FormatInt(in.ModifiedAt/1000, 10)
	}
	if out.InstanceID == "" {
		return synthesized(project, in, out)
	}
	_ = json.Unmarshal([]byte(md[metaEndpoints]), &out.Endpoints)
	if hc := md[metaHealthCheck]; hc != "" && hc != "null" {
		out.HealthCheck = &HealthCheck{}
		_ = json.Unmarshal([]byte(hc), out.HealthCheck)
	}
	if dc := md[metaDataCenter]; dc != "" {
		out.DataCenterInfo = &DataCenterInfo{}
		_ = json.Unmarshal([]byte(dc), out.DataCenterInfo)
	}
	if !in.Healthy {
		out.Status = StatusDown // its beats stopped: about to expire
	}
	return out
}

func synthesized(project string, in *naming.Instance, out *Instance) *Instance {
	sum := sha256.Sum256([]byte(in.ID()))
	out.InstanceID = hex.EncodeToString(sum[:16])
	if out.Version == "" {
		out.Version = DefaultVersion
	}
	ms := Microservice{Environment: in.Metadata[metaEnvironment], AppID: registry.AppOfGroup(in.Service.Group),
		ServiceName: in.Service.Name, Version: out.Version}
	out.ServiceID = DeriveServiceID(project, &ms)
	out.HostName = in.IP
	out.Endpoints = []string{"rest://" + in.Address()}
	out.Status = StatusUp
	if !in.Enabled || !in.Healthy {
		out.Status = StatusDown
	}
	out.Timestamp = strconv.FormatInt(in.RegisteredAt/1000, 10)
	out.HealthCheck = nacosHealthCheck(in)
	return out
}

func properties(md map[string]string) map[string]string {
	var out map[string]string
	for k, v := range md {
		if reservedKey(k) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
	}
	return out
}

// environmentOf answers the environment of a naming instance.
func environmentOf(in *naming.Instance) string { return in.Metadata[metaEnvironment] }

// nacosHealthCheck words a Nacos instance's beat as the push health check
// it amounts to: a beat every interval, unhealthy after the timeout, so
// times is the beats it may miss before that.
func nacosHealthCheck(in *naming.Instance) *HealthCheck {
	interval := max(in.BeatInterval().Milliseconds()/1000, 1)
	times := max(in.BeatTimeout().Milliseconds()/1000/interval-1, 1)
	mode := "push"
	if !in.Ephemeral {
		mode = "pull" // Nacos checks a persistent instance itself
	}
	return &HealthCheck{Mode: mode, Interval: int32(min(interval, 1<<31-1)), Times: int32(min(times, 1<<31-1))}
}
