package v2

import (
	"net"
	"net/http"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// serviceInfoView is Nacos's ServiceInfo as the v2 list serialises it.
type serviceInfoView struct {
	Name                     string           `json:"name"`
	GroupName                string           `json:"groupName"`
	Clusters                 string           `json:"clusters"`
	CacheMillis              int64            `json:"cacheMillis"`
	Hosts                    []nacoswire.Host `json:"hosts"`
	LastRefTime              int64            `json:"lastRefTime"`
	Checksum                 string           `json:"checksum"`
	AllIPs                   bool             `json:"allIPs"`
	ReachProtectionThreshold bool             `json:"reachProtectionThreshold"`
	Valid                    bool             `json:"valid"`
}

// listInstances answers the enabled instances of a service with the
// protect threshold applied. Like Nacos it answers an empty list for a
// service that does not exist, and ip/port name the subscriber, they do not
// filter.
func (a *api) listInstances(r *http.Request, p httpx.Params) (any, error) {
	rd := nacosform.New(p, queryMissing)
	k := rd.ServiceKey()
	clusterParam := rd.Str("clusterName", "")
	clusters := rd.Clusters("clusterName")
	healthyOnly := rd.Bool("healthyOnly", false)
	sub := readSubscriber(r, rd, k, clusterParam)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateServiceKey(k); err != nil {
		return nil, err
	}
	sw, err := a.reg.GetSwitches(r.Context())
	if err != nil {
		return nil, err
	}
	if sub != nil {
		a.reg.Subscribe(*sub)
	}
	view := serviceInfoView{
		Name: k.Grouped(), GroupName: k.Group, Clusters: clusterParam, CacheMillis: sw.DefaultPushCacheMillis,
		Hosts: []nacoswire.Host{}, LastRefTime: time.Now().UnixMilli(), Valid: true,
	}
	list, err := a.reg.ListInstances(k, naming.Query{Clusters: clusters, HealthyOnly: healthyOnly})
	if registry.KindOf(err) == registry.KindServiceNotFound {
		return view, nil
	}
	if err != nil {
		return nil, err
	}
	for _, in := range list.Instances {
		view.Hosts = append(view.Hosts, nacoswire.NewHost(in))
	}
	view.ReachProtectionThreshold = list.ReachProtectionThreshold
	return view, nil
}

// readSubscriber answers the subscription a list query asks for, or nil.
// Nacos 2.5 subscribes the address ip:port when port > 0 (and the agent is
// a client it can push to by UDP; Causeway does not push, so it records
// every such query). Nacos 1.x clients send their push port as udpPort and
// their address as clientIP, which is honoured too; without either address
// the caller's own address is used.
func readSubscriber(r *http.Request, rd *nacosform.Reader, k naming.ServiceKey, cluster string) *naming.Subscriber {
	ip := rd.Str("ip", "")
	port := rd.Int("port", 0)
	if port <= 0 {
		port = rd.Int("udpPort", 0)
		ip = rd.Str("clientIP", ip)
	}
	if port <= 0 {
		return nil
	}
	if ip == "" {
		ip = remoteIP(r)
	}
	if err := naming.ValidatePort(port); err != nil {
		rd.SetErr(err)
	}
	if err := naming.ValidateIP(ip); err != nil {
		rd.SetErr(err)
	}
	agent := r.Header.Get("User-Agent")
	if agent == "" {
		agent = r.Header.Get("Client-Version")
	}
	return &naming.Subscriber{Service: k, IP: ip, Port: port, Agent: agent, App: rd.Str("app", ""), Cluster: cluster}
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
