package v2

import (
	"net/http"
	"strconv"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// listClients answers the ids of every client that publishes or subscribes:
// ip:port#ephemeral for HTTP clients.
func (a *api) listClients(_ *http.Request, _ httpx.Params) (any, error) {
	ids := a.reg.ClientIDs()
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}

// clientDetailView is ClientInfoControllerV2's answer for an ip:port client;
// connectType, appName and version belong to gRPC connections only. Nacos
// writes the port as a string.
type clientDetailView struct {
	ClientID        string `json:"clientId"`
	Ephemeral       bool   `json:"ephemeral"`
	LastUpdatedTime int64  `json:"lastUpdatedTime"`
	ClientType      string `json:"clientType"`
	ClientIP        string `json:"clientIp"`
	ClientPort      string `json:"clientPort"`
}

func (a *api) clientDetail(_ *http.Request, p httpx.Params) (any, error) {
	info, err := a.requireClient(p)
	if err != nil {
		return nil, err
	}
	return clientDetailView{
		ClientID: info.ID, Ephemeral: info.Ephemeral, LastUpdatedTime: info.LastUpdated,
		ClientType: info.Type, ClientIP: info.IP, ClientPort: strconv.Itoa(info.Port),
	}, nil
}

// requireClient reads clientId and answers Nacos's 404 for an unknown one.
func (a *api) requireClient(p httpx.Params) (*naming.ClientInfo, error) {
	rd := nacosform.New(p, queryMissing)
	id := rd.Need("clientId")
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	info, err := a.reg.Client(id)
	if registry.KindOf(err) == registry.KindNotFound {
		return nil, registry.Errorf(registry.KindNotFound, "clientId [ %s ] not exist", id)
	}
	return info, err
}

// publishedView is one instance a client registered.
type publishedView struct {
	Namespace          string         `json:"namespace"`
	Group              string         `json:"group"`
	ServiceName        string         `json:"serviceName"`
	RegisteredInstance registeredView `json:"registeredInstance"`
}

type registeredView struct {
	IP      string `json:"ip"`
	Port    int    `json:"port"`
	Cluster string `json:"cluster"`
}

func (a *api) clientPublished(_ *http.Request, p httpx.Params) (any, error) {
	info, err := a.requireClient(p)
	if err != nil {
		return nil, err
	}
	out := []publishedView{}
	for _, in := range a.reg.Published(info.ID) {
		k := in.Service
		out = append(out, publishedView{Namespace: k.Namespace, Group: k.Group, ServiceName: k.Name,
			RegisteredInstance: registeredView{IP: in.IP, Port: in.Port, Cluster: in.Cluster}})
	}
	return out, nil
}

// subscribedView is one service a client subscribes to.
type subscribedView struct {
	Namespace      string         `json:"namespace"`
	Group          string         `json:"group"`
	ServiceName    string         `json:"serviceName"`
	SubscriberInfo subscriberInfo `json:"subscriberInfo"`
}

type subscriberInfo struct {
	App   string `json:"app"`
	Agent string `json:"agent"`
	Addr  string `json:"addr"`
}

func (a *api) clientSubscribed(_ *http.Request, p httpx.Params) (any, error) {
	info, err := a.requireClient(p)
	if err != nil {
		return nil, err
	}
	out := []subscribedView{}
	for _, s := range a.reg.Subscribed(info.ID) {
		k := s.Service
		out = append(out, subscribedView{Namespace: k.Namespace, Group: k.Group, ServiceName: k.Name,
			SubscriberInfo: subscriberInfo{App: s.App, Agent: s.Agent, Addr: s.IP + ":" + strconv.Itoa(s.Port)}})
	}
	return out, nil
}

// clientView is one publisher or subscriber of a service; publishers also
// name their cluster, as Nacos writes them.
type clientView struct {
	ClientID string `json:"clientId"`
	IP       string `json:"ip"`
	Port     int    `json:"port"`
	Cluster  string `json:"cluster,omitempty"`
}

// readClientFilter reads the service and the optional ip and port filters.
// ephemeral is checked but does not filter: Nacos's service identity
// ignores it, so it answers clients of both kinds.
func readClientFilter(p httpx.Params) (naming.ServiceKey, naming.ClientFilter, error) {
	rd := nacosform.New(p, queryMissing)
	k := rd.ServiceKey()
	rd.OptBool("ephemeral")
	f := naming.ClientFilter{IP: rd.Str("ip", "")}
	if port := rd.OptInt("port"); port != nil {
		f.Port = *port
	}
	if rd.Err() != nil {
		return k, f, rd.Err()
	}
	return k, f, naming.ValidateServiceKey(k)
}

func (a *api) servicePublishers(_ *http.Request, p httpx.Params) (any, error) {
	k, f, err := readClientFilter(p)
	if err != nil {
		return nil, err
	}
	out := []clientView{}
	for _, in := range a.reg.Publishers(k, f) {
		out = append(out, clientView{ClientID: in.ClientID, IP: in.IP, Port: in.Port, Cluster: in.Cluster})
	}
	return out, nil
}

func (a *api) serviceSubscribers(_ *http.Request, p httpx.Params) (any, error) {
	k, f, err := readClientFilter(p)
	if err != nil {
		return nil, err
	}
	out := []clientView{}
	for _, s := range a.reg.Subscribers(k, f) {
		out = append(out, clientView{ClientID: s.ClientID(), IP: s.IP, Port: s.Port})
	}
	return out, nil
}
