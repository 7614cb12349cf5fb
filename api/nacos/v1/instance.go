package v1

import (
	"net"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// register: POST /instance. Absent fields take Nacos's defaults; the kind
// of instance defaults to the defaultInstanceEphemeral switch. As in Nacos,
// the client at ip:port keeps one instance per service: registering in
// another cluster moves it (naming.RegisterByAddress).
func (h *handler) register(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	ref, err := instanceRef(p)
	if err != nil {
		return err
	}
	f, err := readInstanceFields(p)
	if err != nil {
		return err
	}
	sw, err := h.reg.GetSwitches(r.Context())
	if err != nil {
		return err
	}
	in := naming.Instance{
		Service:   ref.Service,
		IP:        ref.IP,
		Port:      ref.Port,
		Cluster:   ref.Cluster,
		Weight:    orFloat(f.weight, 1),
		Enabled:   orBool(f.enabled, true),
		Healthy:   orBool(f.healthy, true),
		Ephemeral: orBool(f.ephemeral, sw.DefaultInstanceEphemeral),
		Metadata:  f.metadata,
	}
	if err := h.reg.RegisterByAddress(r.Context(), in); err != nil {
		return err
	}
	return writeOK(w)
}

// deregister: DELETE /instance. Removing an instance that is not there is
// "ok", as in Nacos, and the instance is found by service + ip:port
// whatever cluster the request names (naming.DeregisterByAddress). Unlike
// Nacos, the "ephemeral" flag need not match the instance: Nacos silently
// keeps an instance deregistered with the wrong flag (nacos-sdk-go sends
// false unless told otherwise), which only delays its removal until it
// expires.
func (h *handler) deregister(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	ref, err := instanceRef(p)
	if err != nil {
		return err
	}
	if _, err := optBool(p, "ephemeral"); err != nil {
		return err
	}
	if err := h.reg.DeregisterByAddress(r.Context(), ref); err != nil {
		return err
	}
	return writeOK(w)
}

// updateInstance: PUT /instance changes weight, enabled and metadata of an
// existing instance. Parameters that are absent keep their value (Nacos
// resets weight and enabled to their defaults instead).
func (h *handler) updateInstance(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	ref, err := instanceRef(p)
	if err != nil {
		return err
	}
	f, err := readInstanceFields(p)
	if err != nil {
		return err
	}
	err = h.reg.UpdateInstance(r.Context(), ref, func(in *naming.Instance) error {
		in.Weight = orFloat(f.weight, in.Weight)
		in.Enabled = orBool(f.enabled, in.Enabled)
		if f.metadata != nil {
			in.Metadata = f.metadata
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeOK(w)
}

// instanceDetailJSON is the answer of GET /instance, in Nacos's field order.
type instanceDetailJSON struct {
	Service     string            `json:"service"`
	IP          string            `json:"ip"`
	Port        int               `json:"port"`
	ClusterName string            `json:"clusterName"`
	Weight      nacoswire.Double  `json:"weight"`
	Healthy     bool              `json:"healthy"`
	InstanceID  string            `json:"instanceId"`
	Metadata    map[string]string `json:"metadata"`
}

// instanceDetail: GET /instance answers one instance with its raw health
// (no protect threshold applies). "service" is the grouped name, as Nacos 2
// answers it.
func (h *handler) instanceDetail(w http.ResponseWriter, _ *http.Request, p httpx.Params) error {
	ref, err := instanceRef(p)
	if err != nil {
		return err
	}
	in, err := h.reg.GetInstance(ref)
	if err != nil {
		return h.instanceNotFound(err, ref)
	}
	return writeJackson(w, instanceDetailJSON{
		Service:     ref.Service.Grouped(),
		IP:          in.IP,
		Port:        in.Port,
		ClusterName: in.Cluster,
		Weight:      nacoswire.Double(in.Weight),
		Healthy:     in.Healthy,
		InstanceID:  in.ID(),
		Metadata:    nonNil(in.Metadata),
	})
}

// instanceNotFound words a failed lookup as Nacos does: one message when
// the service has no instance at all, another when only this one is missing.
func (h *handler) instanceNotFound(err error, ref naming.InstanceRef) error {
	switch registry.KindOf(err) {
	case registry.KindServiceNotFound, registry.KindInstanceNotFound:
		if len(h.reg.Publishers(ref.Service, naming.ClientFilter{})) == 0 {
			return errNoIPs(ref.Cluster, ref.Service)
		}
		return errNoMatchedIP()
	}
	return err
}

// listInstances: GET /instance/list. An unknown service is an empty list,
// not an error: clients subscribe before any provider registered.
func (h *handler) listInstances(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	q, err := readListQuery(p)
	if err != nil {
		return err
	}
	sw, err := h.reg.GetSwitches(r.Context())
	if err != nil {
		return err
	}
	if q.udpPort > 0 {
		h.reg.Subscribe(naming.Subscriber{
			Service: q.key, IP: p.Str("clientIP", remoteIP(r)), Port: q.udpPort,
			Agent: userAgent(r), App: p.Str("app", ""), Cluster: q.clusters, PushIP: remoteIP(r),
		})
	}
	// Clients that get pushes may cache longer, as Nacos tells them.
	cacheMillis := sw.DefaultCacheMillis
	if q.udpPort > 0 && sw.PushEnabled && h.pusher != nil {
		cacheMillis = sw.DefaultPushCacheMillis
	}
	k := listKey{svc: q.key, clusters: q.clusters, healthyOnly: q.healthyOnly, cacheMillis: cacheMillis}
	body, err := h.serviceInfo(k, q.clusterList)
	if err != nil {
		return err
	}
	writeJacksonBody(w, body)
	return nil
}

type listQuery struct {
	key         naming.ServiceKey
	clusters    string // as the client sent it: 1.x clients key their cache on it
	clusterList []string
	healthyOnly bool
	udpPort     int
}

func readListQuery(p httpx.Params) (listQuery, error) {
	var q listQuery
	var err error
	if q.key, err = serviceKey(p, errRequired); err != nil {
		return q, err
	}
	q.clusters = p.Str("clusters", "")
	q.clusterList = nacoswire.SplitClusters(q.clusters)
	for _, c := range q.clusterList {
		if err := naming.ValidateCluster(c); err != nil {
			return q, err
		}
	}
	if q.healthyOnly, err = boolParam(p, "healthyOnly", false); err != nil {
		return q, err
	}
	q.udpPort, err = p.Int("udpPort", 0)
	return q, err
}

// userAgent is what Nacos records as a subscriber's agent: the
// Client-Version header, else User-Agent.
func userAgent(r *http.Request) string {
	if v := r.Header.Get("Client-Version"); v != "" {
		return v
	}
	return r.UserAgent()
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
