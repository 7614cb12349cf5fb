package cse

import (
	"net"
	"net/url"
	"strconv"

	"github.com/causeway-dev/causeway/registry/tenancy"
)

// Endpoints are the access points of this Causeway, answered in every
// engine's detail: an engine is a tenant of this server, reached at its
// addresses and named by its namespace (project) and credential. Each is
// a URL ("http://10.0.0.5:8848"); an empty one is left out.
type Endpoints struct {
	NacosHTTP   string
	NacosGRPC   string
	ServiceComb string
	Kie         string
	XDS         string
}

func (a *api) eps() Endpoints {
	if a.endpoints == nil {
		return Endpoints{}
	}
	return a.endpoints()
}

// entrypoint is the seed's EntrypointItem (the SDK's spelling,
// masterEntrypoint, which table 5-32 uses).
type entrypoint struct {
	Master     string `json:"masterEntrypoint"`
	MasterIPv6 string `json:"masterEntrypointIpv6"`
	Slave      string `json:"slaveEntrypoint"`
	SlaveIPv6  string `json:"slaveEntrypointIpv6"`
	Type       string `json:"type"`
}

func (ep Endpoints) items() map[string]entrypoint {
	out := map[string]entrypoint{}
	for _, c := range []struct{ name, url, typ string }{
		{"serviceCenter", ep.ServiceComb, "REGISTRY"}, {"kie", ep.Kie, "REGISTRY"},
		{"nacos", ep.NacosHTTP, "REGISTRY"}, {"nacosGrpc", ep.NacosGRPC, "REGISTRY"}, {"xds", ep.XDS, "SERVICE"},
	} {
		if c.url != "" {
			out[c.name] = entrypoint{Master: c.url, Type: c.typ}
		}
	}
	return out
}

// host answers the address part of the first endpoint, the seed's
// externalAddress.
func (ep Endpoints) host() string {
	for _, s := range []string{ep.NacosHTTP, ep.ServiceComb, ep.Kie} {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			if h, _, err := net.SplitHostPort(u.Host); err == nil {
				return h
			}
			return u.Host
		}
	}
	return ""
}

// reference is the seed's EngineReference. Its inputs tell a client how
// to name the engine: its namespace (Nacos) and project (ServiceComb,
// kie), and the user of an RBAC engine.
type reference struct {
	VPC           string            `json:"vpc"`
	AZList        []string          `json:"azList"`
	NetworkID     string            `json:"networkId"`
	SubnetCIDR    string            `json:"subnetCidr"`
	SubnetCIDRV6  string            `json:"subnetCidrV6"`
	SubnetGateway string            `json:"subnetGateway"`
	PublicIPID    string            `json:"publicIpId"`
	ServiceLimit  int               `json:"serviceLimit"`
	InstanceLimit int               `json:"instanceLimit"`
	Inputs        map[string]string `json:"inputs"`
}

// referenceOf answers an engine's reference; its inputs also tell what
// the engine holds of its flavor's limits (used*).
func referenceOf(en *tenancy.Engine, held tenancy.Held) reference {
	f := en.FlavorLimits()
	in := map[string]string{}
	for k, v := range en.Inputs {
		in[k] = v
	}
	in["namespace"], in["project"] = en.Namespace(), en.Namespace()
	in["maxConfigs"], in["maxXdsConnections"] = strconv.Itoa(f.MaxConfigs), strconv.Itoa(f.MaxXDSConns)
	in["usedServices"], in["usedInstances"] = strconv.Itoa(held.Services), strconv.Itoa(held.Instances)
	in["usedConfigs"], in["usedXdsConnections"] = strconv.Itoa(held.Configs), strconv.Itoa(held.XDSConns)
	if en.AuthType == tenancy.AuthRBAC {
		in["username"] = en.Username()
	}
	return reference{VPC: en.VPC, AZList: en.AZList, NetworkID: en.NetworkID, SubnetCIDR: en.SubnetCIDR,
		PublicIPID: en.PublicIPID, ServiceLimit: f.MaxServices, InstanceLimit: f.MaxInstances, Inputs: in}
}

// dueTo is the seed's example "never" (2099-12-31): Causeway bills nothing.
const dueTo = 4102415999000

// engineInfo is the seed's EngineSimpleInfo, an entry of the list.
type engineInfo struct {
	ID                    string                `json:"id"`
	Name                  string                `json:"name"`
	EnterpriseProjectID   string                `json:"enterpriseProjectId"`
	EnterpriseProjectName string                `json:"enterpriseProjectName"`
	Type                  string                `json:"type"`
	Description           string                `json:"description"`
	Flavor                string                `json:"flavor"`
	Payment               string                `json:"payment"`
	AuthType              string                `json:"authType"`
	Status                string                `json:"status"`
	ExternalAddress       string                `json:"externalAddress"`
	ServiceEndpoint       map[string]entrypoint `json:"serviceEndpoint"`
	PublicAddress         string                `json:"publicAddress"`
	PublicServiceEndpoint map[string]entrypoint `json:"publicServiceEndpoint"`
	TotalInstance         int                   `json:"totalInstance"`
	UsedInstance          int                   `json:"usedInstance"`
	AvailableInstance     int                   `json:"availableInstance"`
	Version               string                `json:"version"`
	LatestVersion         string                `json:"latestVersion"`
	CreateTime            int64                 `json:"createTime"`
	DueTo                 int64                 `json:"dueTo"`
	LatestJobID           int64                 `json:"latestJobId"`
	AdditionalActions     []string              `json:"engineAdditionalActions"`
	SpecType              string                `json:"specType"`
	Reference             reference             `json:"reference"`
}

func (a *api) engineInfo(en *tenancy.Engine) engineInfo {
	held := a.engineMgr.Holding(en)
	used, total := held.Instances, en.FlavorLimits().MaxInstances
	return engineInfo{ID: en.ID, Name: en.Name, EnterpriseProjectID: "0", EnterpriseProjectName: "default",
		Type: "CSE", Description: en.Description, Flavor: en.Flavor, Payment: en.Payment, AuthType: en.AuthType,
		Status: en.Status, ExternalAddress: a.eps().host(), ServiceEndpoint: a.eps().items(),
		PublicServiceEndpoint: map[string]entrypoint{}, TotalInstance: total, UsedInstance: used,
		AvailableInstance: max(total-used, 0), Version: en.Version, LatestVersion: tenancy.CurrentVersion,
		CreateTime: en.CreatedAt, DueTo: dueTo, LatestJobID: en.LatestJobID, AdditionalActions: actionsOf(en),
		SpecType: en.SpecType, Reference: referenceOf(en, held)}
}

// actionsOf: a failed engine may be retried.
func actionsOf(en *tenancy.Engine) []string {
	switch en.Status {
	case tenancy.StatusCreateFailed, tenancy.StatusDeleteFailed, tenancy.StatusUpgradeFailed, tenancy.StatusModifyFailed:
		return []string{"Retry"}
	}
	return []string{}
}

// engineDetail is the answer of §5.3.4.
type engineDetail struct {
	ID                    string        `json:"id"`
	Name                  string        `json:"name"`
	Description           string        `json:"description"`
	AuthType              string        `json:"authType"`
	Flavor                string        `json:"flavor"`
	Payment               string        `json:"payment"`
	Version               string        `json:"version"`
	LatestVersion         string        `json:"latestVersion"`
	Status                string        `json:"status"`
	BeDefault             bool          `json:"beDefault"`
	CreateUser            string        `json:"createUser"`
	CreateTime            int64         `json:"createTime"`
	CCESpec               cceSpec       `json:"cceSpec"`
	ExternalEntrypoint    externalEntry `json:"externalEntrypoint"`
	Reference             reference     `json:"reference"`
	LatestJobID           int64         `json:"latestJobId"`
	EnterpriseProjectID   string        `json:"enterpriseProjectId"`
	EnterpriseProjectName string        `json:"enterpriseProjectName"`
	AdditionalActions     []string      `json:"engineAdditionalActions"`
	SpecType              string        `json:"specType"`
	Type                  string        `json:"type"`
	ProjectID             string        `json:"projectId"`
	VMIDs                 []string      `json:"vmIds"`
}

// cceSpec is the seed's Spec: no CCE cluster backs a Causeway engine.
type cceSpec struct {
	EngineID string `json:"engineId"`
	SpecType string `json:"specType"`
	Flavor   string `json:"flavor"`
}

type externalEntry struct {
	ExternalAddress       string                `json:"externalAddress"`
	PublicAddress         string                `json:"publicAddress"`
	ServiceEndpoint       map[string]entrypoint `json:"serviceEndpoint"`
	PublicServiceEndpoint map[string]entrypoint `json:"publicServiceEndpoint"`
}

func (a *api) engineDetail(en *tenancy.Engine) engineDetail {
	return engineDetail{ID: en.ID, Name: en.Name, Description: en.Description, AuthType: en.AuthType,
		Flavor: en.Flavor, Payment: en.Payment, Version: en.Version, LatestVersion: tenancy.CurrentVersion,
		Status: en.Status, CreateUser: en.CreateUser, CreateTime: en.CreatedAt,
		CCESpec: cceSpec{EngineID: en.ID, SpecType: en.SpecType, Flavor: en.Flavor},
		ExternalEntrypoint: externalEntry{ExternalAddress: a.eps().host(), ServiceEndpoint: a.eps().items(),
			PublicServiceEndpoint: map[string]entrypoint{}},
		Reference: referenceOf(en, a.engineMgr.Holding(en)), LatestJobID: en.LatestJobID, EnterpriseProjectID: "0",
		EnterpriseProjectName: "default", AdditionalActions: actionsOf(en), SpecType: en.SpecType, Type: "CSE",
		ProjectID: en.Project, VMIDs: []string{}}
}
