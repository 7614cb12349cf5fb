package v3

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// nsClientList: GET /ns/client/list, every client id.
func (a *api) nsClientList(_ *http.Request, _ httpx.Params) (any, error) {
	ids := a.deps.Naming.ClientIDs()
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}

// nsClientSummary is nacos-api's ClientSummaryInfo. The connection fields
// are null for HTTP (ipPort) clients, as Nacos leaves them.
type nsClientSummary struct {
	ClientID        string  `json:"clientId"`
	Ephemeral       bool    `json:"ephemeral"`
	LastUpdatedTime int64   `json:"lastUpdatedTime"`
	ClientType      string  `json:"clientType"`
	ConnectType     *string `json:"connectType"`
	AppName         *string `json:"appName"`
	Version         *string `json:"version"`
	ClientIP        *string `json:"clientIp"`
	ClientPort      int     `json:"clientPort"`
}

// nsRequireClient reads clientId (a @RequestParam) and answers the client,
// or ClientControllerV3's 404 for one that does not exist.
func (a *api) nsRequireClient(p httpx.Params) (*naming.ClientInfo, error) {
	id := p.Str("clientId", "")
	if id == "" {
		return nil, nacosresult.QueryMissing("clientId", "String")
	}
	info, err := a.deps.Naming.Client(id)
	if registry.KindOf(err) == registry.KindNotFound {
		return nil, registry.Errorf(registry.KindNotFound, "clientId [ %s ] not exist", id)
	}
	return info, err
}

// nsClientDetail: GET /ns/client.
func (a *api) nsClientDetail(_ *http.Request, p httpx.Params) (any, error) {
	info, err := a.nsRequireClient(p)
	if err != nil {
		return nil, err
	}
	out := nsClientSummary{ClientID: info.ID, Ephemeral: info.Ephemeral, LastUpdatedTime: info.LastUpdated,
		ClientType: info.Type}
	if c, ok := a.deps.Naming.Connection(info.ID); ok {
		grpc, ip := "GRPC", c.ClientIP
		if ip == "" {
			ip = c.IP
		}
		out.ConnectType, out.AppName, out.Version, out.ClientIP = &grpc, &c.App, &c.Version, &ip
		out.ClientPort = c.Port
	}
	return out, nil
}

// nsClientServiceInfo is ClientServiceInfo: a service a client publishes
// (publisherInfo) or subscribes (subscriberInfo).
type nsClientServiceInfo struct {
	NamespaceID    string                 `json:"namespaceId"`
	GroupName      string                 `json:"groupName"`
	ServiceName    string                 `json:"serviceName"`
	PublisherInfo  *nsClientPublisherInfo `json:"publisherInfo"`
	SubscriberInfo *nsClientSubscriber    `json:"subscriberInfo"`
}

// nsClientPublisherInfo is ClientPublisherInfo.
type nsClientPublisherInfo struct {
	ClientID    *string `json:"clientId"`
	IP          string  `json:"ip"`
	Port        int     `json:"port"`
	ClusterName string  `json:"clusterName"`
}

// nsClientSubscriber is ClientSubscriberInfo.
type nsClientSubscriber struct {
	ClientID *string `json:"clientId"`
	AppName  string  `json:"appName"`
	Agent    string  `json:"agent"`
	Address  string  `json:"address"`
}

// nsClientPublished: GET /ns/client/publish/list.
func (a *api) nsClientPublished(_ *http.Request, p httpx.Params) (any, error) {
	info, err := a.nsRequireClient(p)
	if err != nil {
		return nil, err
	}
	out := []nsClientServiceInfo{}
	for _, in := range a.deps.Naming.Published(info.ID) {
		k := in.Service
		out = append(out, nsClientServiceInfo{NamespaceID: k.Namespace, GroupName: k.Group, ServiceName: k.Name,
			PublisherInfo: &nsClientPublisherInfo{IP: in.IP, Port: in.Port, ClusterName: in.Cluster}})
	}
	return out, nil
}

// nsClientSubscribed: GET /ns/client/subscribe/list.
func (a *api) nsClientSubscribed(_ *http.Request, p httpx.Params) (any, error) {
	info, err := a.nsRequireClient(p)
	if err != nil {
		return nil, err
	}
	out := []nsClientServiceInfo{}
	for _, s := range a.deps.Naming.Subscribed(info.ID) {
		k := s.Service
		out = append(out, nsClientServiceInfo{NamespaceID: k.Namespace, GroupName: k.Group, ServiceName: k.Name,
			SubscriberInfo: &nsClientSubscriber{AppName: s.App, Agent: s.Agent, Address: s.IP + ":" + strconv.Itoa(s.Port)}})
	}
	return out, nil
}

// readNSClientFilter reads ClientServiceForm: the service and the optional
// ip and port. The SDK sends a null port as the text "null", and a blank
// ip for "any": both mean no filter.
func readNSClientFilter(p httpx.Params) (naming.ServiceKey, naming.ClientFilter, error) {
	rd := newNSReader(p)
	k := rd.ServiceKey()
	f := naming.ClientFilter{IP: rd.Str("ip", "")}
	if port := rd.Str("port", ""); port != "" && !strings.EqualFold(port, "null") {
		f.Port = int(rd.Int32("port", 0))
	}
	if rd.Err() != nil {
		return k, f, rd.Err()
	}
	return k, f, naming.ValidateServiceKey(k)
}

// nsServicePublishers: GET /ns/client/service/publisher/list.
func (a *api) nsServicePublishers(_ *http.Request, p httpx.Params) (any, error) {
	k, f, err := readNSClientFilter(p)
	if err != nil {
		return nil, err
	}
	out := []nsClientPublisherInfo{}
	for _, in := range a.deps.Naming.Publishers(k, f) {
		id := in.ClientID
		out = append(out, nsClientPublisherInfo{ClientID: &id, IP: in.IP, Port: in.Port, ClusterName: in.Cluster})
	}
	return out, nil
}

// nsServiceSubscribers: GET /ns/client/service/subscriber/list.
func (a *api) nsServiceSubscribers(_ *http.Request, p httpx.Params) (any, error) {
	k, f, err := readNSClientFilter(p)
	if err != nil {
		return nil, err
	}
	out := []nsClientSubscriber{}
	for _, s := range a.deps.Naming.Subscribers(k, f) {
		id := s.ClientID()
		out = append(out, nsClientSubscriber{ClientID: &id, AppName: s.App, Agent: s.Agent,
			Address: s.IP + ":" + strconv.Itoa(s.Port)})
	}
	return out, nil
}
