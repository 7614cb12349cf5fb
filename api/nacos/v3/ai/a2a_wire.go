package ai

import (
	"encoding/json"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
)

// agentDetail is AgentCardDetailInfo: the card, how its url is answered
// and whether it is the latest version.
type agentDetail struct {
	*catalog.AgentCard
	LatestVersion bool `json:"latestVersion"`
}

// agentVersion is AgentVersionDetail.
type agentVersion struct {
	Version   string `json:"version"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	Latest    bool   `json:"latest"`
}

// agentListItem is AgentCardVersionInfo, what a list answers per agent.
type agentListItem struct {
	ProtocolVersion        string          `json:"protocolVersion,omitempty"`
	Name                   string          `json:"name"`
	Description            string          `json:"description,omitempty"`
	Version                string          `json:"version"`
	IconURL                string          `json:"iconUrl,omitempty"`
	Capabilities           json.RawMessage `json:"capabilities,omitempty"`
	Skills                 json.RawMessage `json:"skills,omitempty"`
	LatestPublishedVersion string          `json:"latestPublishedVersion"`
	VersionDetails         []agentVersion  `json:"versionDetails"`
	RegistrationType       string          `json:"registrationType"`
}

func agentVersions(x *catalog.Index) []agentVersion {
	out := make([]agentVersion, 0, len(x.Versions))
	for _, v := range x.Versions {
		out = append(out, agentVersion{Version: v.Version, CreatedAt: v.Published, UpdatedAt: v.Updated, Latest: v.Version == x.Latest})
	}
	return out
}

func toAgentListItem(v *catalog.AgentVersion) agentListItem {
	c := v.Card
	return agentListItem{ProtocolVersion: c.ProtocolVersion, Name: c.Name, Description: c.Description, Version: c.Version,
		IconURL: c.IconURL, Capabilities: c.Capabilities, Skills: c.Skills, LatestPublishedVersion: v.Index.Latest,
		VersionDetails: agentVersions(v.Index), RegistrationType: c.RegistrationType}
}
