package nacosgrpc

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// namingRequest is what every naming request carries. The SDKs default
// namespace to "public" and group to DEFAULT_GROUP, and send the plain
// service name (the Java SDK strips a group@@ prefix itself).
type namingRequest struct {
	Request
	Namespace   string `json:"namespace"`
	ServiceName string `json:"serviceName"`
	GroupName   string `json:"groupName"`
}

func (r *namingRequest) key() (naming.ServiceKey, error) {
	k := naming.ServiceKey{Namespace: r.Namespace, Group: r.GroupName, Name: r.ServiceName}
	if k.Namespace == "" {
		k.Namespace = naming.DefaultNamespace
	}
	if k.Group == "" {
		k.Group = naming.DefaultGroup
	}
	if len(k.Name) > maxNameLen {
		return k, naming.ValidateServiceName(k.Name) // refused, without splitting a huge name
	}
	if group, name, ok := strings.Cut(k.Name, naming.GroupSeparator); ok {
		k.Group, k.Name = group, name
	}
	return k, naming.ValidateServiceKey(k)
}

// maxNameLen bounds a service name before it is looked at further.
const maxNameLen = 1024

// Per-connection limits: a client that goes past them is told so rather
// than allowed to grow the server without bound. The SDKs split config
// listens into tasks of 3,000 per connection.
const maxSubscriptions = 50_000

// instanceJSON is an instance as the SDKs send it. The heartbeat fields
// the Java SDK writes are derived from metadata and ignored.
type instanceJSON struct {
	InstanceID  string            `json:"instanceId,omitempty"`
	IP          string            `json:"ip"`
	Port        int               `json:"port"`
	Weight      float64           `json:"weight"`
	Healthy     bool              `json:"healthy"`
	Enabled     bool              `json:"enabled"`
	Ephemeral   bool              `json:"ephemeral"`
	ClusterName string            `json:"clusterName"`
	ServiceName string            `json:"serviceName,omitempty"`
	Metadata    map[string]string `json:"metadata"`
}

// instance answers the registry's instance, stored as sent (the Go SDK
// defaults weight, enabled and healthy to zero values, and Nacos keeps
// them so).
func (j instanceJSON) instance(k naming.ServiceKey) naming.Instance {
	cluster := j.ClusterName
	if cluster == "" {
		cluster = naming.DefaultCluster
	}
	return naming.Instance{Service: k, IP: j.IP, Port: j.Port, Cluster: cluster, Weight: j.Weight,
		Healthy: j.Healthy, Enabled: j.Enabled, Ephemeral: j.Ephemeral, Metadata: j.Metadata}
}

type instanceRequest struct {
	namingRequest
	Type     string       `json:"type"`
	Instance instanceJSON `json:"instance"`
}

type batchInstanceRequest struct {
	namingRequest
	Type      string         `json:"type"`
	Instances []instanceJSON `json:"instances"`
}

type instanceResponse struct {
	Response
	Type string `json:"type,omitempty"`
}

// Operations of instance requests (NamingRemoteConstants).
const (
	opRegister      = "registerInstance"
	opDeregister    = "deregisterInstance"
	opBatchRegister = "batchRegisterInstance"
)

func unsupported(op string) error {
	return registry.Errorf(registry.KindInvalid, "Unsupported request type %s", op)
}

// register: an ephemeral instance belongs to the connection, which holds
// one set of instances per service; registering replaces it, and
// deregistering empties it whatever address the request names (Nacos's
// EphemeralClientOperationServiceImpl).
func (s *Server) register(ctx context.Context, c *Conn, _ map[string]string, req *instanceRequest) (*instanceResponse, error) {
	k, err := req.key()
	if err != nil {
		return nil, err
	}
	switch req.Type {
	case opRegister:
		err = s.opts.Naming.Publish(ctx, c.ID, k, []naming.Instance{req.Instance.instance(k)})
	case opDeregister:
		err = s.opts.Naming.Publish(ctx, c.ID, k, nil)
	default:
		err = unsupported(req.Type)
	}
	if err != nil {
		return nil, err
	}
	return &instanceResponse{Response: ok(), Type: req.Type}, nil
}

// maxBatchInstances bounds one batch. Nacos sets no bound, but a batch is
// stored in one transaction, which the store caps (about 9.6 MB, some
// 26,000 instances without metadata; a batch past that is refused as
// invalid). A process registers a handful of ports; 1,000 leaves room for
// any real one and answers a runaway caller before it costs the store.
const maxBatchInstances = 1000

// batchRegister replaces the connection's instances of the service with
// the list; an empty list withdraws them (the Java SDK deregisters a batch
// this way).
func (s *Server) batchRegister(ctx context.Context, c *Conn, _ map[string]string, req *batchInstanceRequest) (*instanceResponse, error) {
	k, err := req.key()
	if err != nil {
		return nil, err
	}
	if req.Type != opBatchRegister {
		return nil, unsupported(req.Type)
	}
	if len(req.Instances) > maxBatchInstances {
		return nil, registry.Errorf(registry.KindInvalid, "too many instances in one batch: %d, at most %d",
			len(req.Instances), maxBatchInstances)
	}
	ins := make([]naming.Instance, 0, len(req.Instances))
	for _, j := range req.Instances {
		ins = append(ins, j.instance(k))
	}
	if err := s.opts.Naming.Publish(ctx, c.ID, k, ins); err != nil {
		return nil, err
	}
	return &instanceResponse{Response: ok(), Type: req.Type}, nil
}

// registerPersistent: a persistent instance outlives the connection, owned
// by the ip:port#false client as one registered over HTTP, and found by
// address whatever cluster the request names, as over HTTP (Nacos's
// PersistentInstanceRequestHandler uses that same client).
func (s *Server) registerPersistent(ctx context.Context, _ *Conn, _ map[string]string, req *instanceRequest) (*instanceResponse, error) {
	k, err := req.key()
	if err != nil {
		return nil, err
	}
	in := req.Instance.instance(k)
	in.Ephemeral = false
	switch req.Type {
	case opRegister:
		err = s.opts.Naming.RegisterByAddress(ctx, in)
	case opDeregister:
		err = s.opts.Naming.DeregisterByAddress(ctx, in.Ref())
	default:
		err = unsupported(req.Type)
	}
	if err != nil {
		return nil, err
	}
	return &instanceResponse{Response: ok(), Type: req.Type}, nil
}

// serviceInfo is Nacos's ServiceInfo: the plain name and the group apart,
// the clusters exactly as the client asked (the Go SDK keys its cache by
// them), hosts never null, lastRefTime rising with every answer about the
// service (the Go SDK drops an answer no newer than what it has).
type serviceInfo = nacoswire.ServiceInfo[hostJSON]

// hostJSON is an instance in a ServiceInfo, with its Nacos 2 id.
type hostJSON struct {
	InstanceID string `json:"instanceId"`
	nacoswire.Host
}

// cacheMillis is how long clients may trust an answer (Nacos's default
// push cache).
const cacheMillis = 10_000

// serviceInfo answers what a client sees of a service for clusters (as
// it wrote them, comma separated): enabled instances only, unhealthy ones
// too unless healthyOnly, the protect threshold applied.
func (s *Server) serviceInfo(k naming.ServiceKey, clusters string, healthyOnly bool) (*serviceInfo, error) {
	info := &serviceInfo{Name: k.Name, GroupName: k.Group, Clusters: clusters, CacheMillis: cacheMillis,
		Hosts: []hostJSON{}, Valid: true}
	list, err := s.opts.Naming.ListInstances(k, naming.Query{Clusters: nacoswire.SplitClusters(clusters), HealthyOnly: healthyOnly})
	switch {
	case registry.KindOf(err) == registry.KindServiceNotFound:
	case err != nil:
		return nil, err
	default:
		for _, in := range list.Instances {
			info.Hosts = append(info.Hosts, hostJSON{InstanceID: in.ID(), Host: nacoswire.NewHost(in)})
		}
		info.ReachProtectionThreshold = list.ReachProtectionThreshold
	}
	info.LastRefTime = s.subs.refTime(k)
	return info, nil
}

type serviceQueryRequest struct {
	namingRequest
	Cluster     string `json:"cluster"`
	HealthyOnly bool   `json:"healthyOnly"`
	UDPPort     int    `json:"udpPort"`
}

// serviceInfoResponse is QueryServiceResponse and SubscribeServiceResponse.
type serviceInfoResponse struct {
	Response
	ServiceInfo json.RawMessage `json:"serviceInfo,omitempty"`
}

// payload encodes the response around the shared rendering of the
// service, as json.Marshal would write it but without re-reading the
// rendering (a 100-instance service is 40 KB, every subscriber asks for
// it when it subscribes, and a fleet reconnecting subscribes all at once)
// nor copying it (see serverCodec).
func (r *serviceInfoResponse) payload(typ string) (*Payload, error) {
	if len(r.ServiceInfo) == 0 {
		return encode(typ, r)
	}
	head, err := json.Marshal(r.Response)
	if err != nil {
		return nil, err
	}
	head = append(head[:len(head)-1], serviceInfoField...)
	return &Payload{Type: typ, parts: [][]byte{head, r.ServiceInfo, closingBrace}}, nil
}

var (
	serviceInfoField = []byte(`,"serviceInfo":`)
	closingBrace     = []byte(`}`)
)

func (s *Server) queryService(_ context.Context, _ *Conn, _ map[string]string, req *serviceQueryRequest) (*serviceInfoResponse, error) {
	k, err := req.key()
	if err != nil {
		return nil, err
	}
	r, err := s.subs.render(k, req.Cluster, req.HealthyOnly)
	if err != nil {
		return nil, err
	}
	return &serviceInfoResponse{Response: ok(), ServiceInfo: r.raw}, nil
}

type subscribeServiceRequest struct {
	namingRequest
	Subscribe bool   `json:"subscribe"`
	Clusters  string `json:"clusters"`
}

// subscribe records (or drops) the connection's subscription, then
// answers the service as it is: a change after the recording is pushed.
func (s *Server) subscribe(_ context.Context, c *Conn, headers map[string]string, req *subscribeServiceRequest) (*serviceInfoResponse, error) {
	k, err := req.key()
	if err != nil {
		return nil, err
	}
	if req.Subscribe {
		if err := s.subs.add(c, k, req.Clusters, header(headers, "app")); err != nil {
			return nil, err
		}
	} else {
		s.subs.remove(c, k)
	}
	info, err := s.subs.render(k, req.Clusters, false)
	if err != nil {
		return nil, err
	}
	r := ok()
	r.Message = "success"
	return &serviceInfoResponse{Response: r, ServiceInfo: info.raw}, nil
}

type serviceListRequest struct {
	namingRequest
	PageNo   int    `json:"pageNo"`
	PageSize int    `json:"pageSize"`
	Selector string `json:"selector"`
}

type serviceListResponse struct {
	Response
	Count        int      `json:"count"`
	ServiceNames []string `json:"serviceNames"`
}

// listServices answers a page of the services of a namespace and group,
// plain names, and how many there are.
func (s *Server) listServices(_ context.Context, _ *Conn, _ map[string]string, req *serviceListRequest) (*serviceListResponse, error) {
	k := naming.ServiceKey{Namespace: req.Namespace, Group: req.GroupName}
	if k.Namespace == "" {
		k.Namespace = naming.DefaultNamespace
	}
	if k.Group == "" {
		k.Group = naming.DefaultGroup
	}
	if err := naming.ValidateNamespace(k.Namespace); err != nil {
		return nil, err
	}
	if err := naming.ValidateGroup(k.Group); err != nil {
		return nil, err
	}
	// Paged as Nacos's ServiceListRequestHandler pages (pageServiceName,
	// Java ints): a page size of 0 is an empty page, not a default one.
	if req.PageNo != int(int32(req.PageNo)) || req.PageSize != int(int32(req.PageSize)) {
		return nil, registry.Errorf(registry.KindInvalid, "pageNo and pageSize must be 32-bit integers")
	}
	total, page, err := s.opts.Naming.PageServices(k.Namespace, k.Group, int32(req.PageNo), int32(req.PageSize))
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(page))
	for _, p := range page {
		names = append(names, p.Name)
	}
	return &serviceListResponse{Response: ok(), Count: total, ServiceNames: names}, nil
}

// namingClient is what the client APIs show of a connection.
func namingClient(c *Conn, s *connSetup, now time.Time) naming.ConnClient {
	return naming.ConnClient{ID: c.ID, IP: c.RemoteIP, Port: c.RemotePort, ClientIP: s.ClientIP,
		Version: s.Version, App: s.Labels["AppName"], ConnectedAt: now.UnixMilli()}
}
