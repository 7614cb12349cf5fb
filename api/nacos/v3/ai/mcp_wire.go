package ai

import (
	"encoding/json"
	"slices"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
)

// versionDetail is Nacos's ServerVersionDetail.
type versionDetail struct {
	Version     string `json:"version"`
	ReleaseDate string `json:"release_date,omitempty"`
	IsLatest    bool   `json:"is_latest"`
}

// serviceRef is McpServiceRef.
type serviceRef struct {
	NamespaceID       string `json:"namespaceId"`
	GroupName         string `json:"groupName"`
	ServiceName       string `json:"serviceName"`
	TransportProtocol string `json:"transportProtocol,omitempty"`
}

// remoteConfig is McpServerRemoteServiceConfig.
type remoteConfig struct {
	ServiceRef              *serviceRef     `json:"serviceRef,omitempty"`
	ExportPath              string          `json:"exportPath,omitempty"`
	FrontEndpointConfigList json.RawMessage `json:"frontEndpointConfigList,omitempty"`
}

// mcpBasic is McpServerBasicInfo.
type mcpBasic struct {
	ID                 string          `json:"id"`
	Name               string          `json:"name"`
	Protocol           string          `json:"protocol"`
	FrontProtocol      string          `json:"frontProtocol,omitempty"`
	Description        string          `json:"description,omitempty"`
	Repository         json.RawMessage `json:"repository,omitempty"`
	Packages           json.RawMessage `json:"packages,omitempty"`
	VersionDetail      versionDetail   `json:"versionDetail"`
	Version            string          `json:"version"`
	RemoteServerConfig *remoteConfig   `json:"remoteServerConfig,omitempty"`
	LocalServerConfig  map[string]any  `json:"localServerConfig,omitempty"`
	Enabled            bool            `json:"enabled"`
	Status             string          `json:"status"`
	Capabilities       []string        `json:"capabilities"`
}

// mcpListItem is McpServerVersionInfo, what a list answers per server.
type mcpListItem struct {
	mcpBasic
	LatestPublishedVersion string          `json:"latestPublishedVersion"`
	VersionDetails         []versionDetail `json:"versionDetails"`
}

// endpointInfo is McpEndpointInfo.
type endpointInfo struct {
	Protocol string `json:"protocol,omitempty"`
	Address  string `json:"address"`
	Port     int    `json:"port"`
	Path     string `json:"path,omitempty"`
}

// mcpDetail is McpServerDetailInfo.
type mcpDetail struct {
	mcpBasic
	BackendEndpoints  []endpointInfo    `json:"backendEndpoints"`
	FrontendEndpoints []endpointInfo    `json:"frontendEndpoints"`
	ToolSpec          *catalog.ToolSpec `json:"toolSpec,omitempty"`
	AllVersions       []versionDetail   `json:"allVersions"`
	NamespaceID       string            `json:"namespaceId"`
}

func versionDetails(x *catalog.Index) []versionDetail {
	out := make([]versionDetail, 0, len(x.Versions))
	for _, v := range x.Versions {
		out = append(out, versionDetail{Version: v.Version, ReleaseDate: v.Published, IsLatest: v.Version == x.Latest})
	}
	return out
}

func toBasic(v *catalog.MCPVersion) mcpBasic {
	s := v.Server
	b := mcpBasic{ID: v.Index.ID, Name: s.Name, Protocol: s.Protocol, FrontProtocol: s.FrontProtocol,
		Description: s.Description, Repository: s.Repository, Packages: s.Packages, Version: s.Version,
		LocalServerConfig: s.LocalServerConfig, Enabled: s.Enabled, Status: s.Status, Capabilities: []string{}}
	if i := slices.IndexFunc(v.Index.Versions, func(d catalog.VersionInfo) bool { return d.Version == s.Version }); i >= 0 {
		b.VersionDetail = versionDetails(v.Index)[i]
	}
	if s.Tools != nil {
		b.Capabilities = append(b.Capabilities, "TOOL")
	}
	if s.Endpoint != nil {
		rc := &remoteConfig{}
		if s.RemoteServerConfig != nil {
			rc.ExportPath, rc.FrontEndpointConfigList = s.RemoteServerConfig.ExportPath, s.RemoteServerConfig.FrontEndpointConfigList
		}
		if s.Endpoint.Type == catalog.EndpointRef {
			d := s.Endpoint.Data
			rc.ServiceRef = &serviceRef{NamespaceID: d["namespaceId"], GroupName: d["groupName"],
				ServiceName: d["serviceName"], TransportProtocol: d["transportProtocol"]}
		}
		b.RemoteServerConfig = rc
	}
	return b
}

func toListItem(v *catalog.MCPVersion) mcpListItem {
	return mcpListItem{mcpBasic: toBasic(v), LatestPublishedVersion: v.Index.Latest, VersionDetails: versionDetails(v.Index)}
}
