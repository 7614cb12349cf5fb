package catalog

import "encoding/json"

// Registration types of an agent card: how its url is answered.
const (
	RegistrationURL     = "URL"     // the url registered
	RegistrationService = "SERVICE" // a url made from an endpoint registered in naming
)

// AgentCard is one version of an A2A agent card as stored (the A2A
// AgentCard of Nacos's model); its nested parts are kept as given.
type AgentCard struct {
	ProtocolVersion                   string          `json:"protocolVersion,omitempty"`
	Name                              string          `json:"name"`
	Description                       string          `json:"description,omitempty"`
	Version                           string          `json:"version"`
	IconURL                           string          `json:"iconUrl,omitempty"`
	Capabilities                      json.RawMessage `json:"capabilities,omitempty"`
	Skills                            json.RawMessage `json:"skills,omitempty"`
	URL                               string          `json:"url,omitempty"`
	PreferredTransport                string          `json:"preferredTransport,omitempty"`
	AdditionalInterfaces              json.RawMessage `json:"additionalInterfaces,omitempty"`
	Provider                          json.RawMessage `json:"provider,omitempty"`
	DocumentationURL                  string          `json:"documentationUrl,omitempty"`
	SecuritySchemes                   json.RawMessage `json:"securitySchemes,omitempty"`
	Security                          json.RawMessage `json:"security,omitempty"`
	DefaultInputModes                 []string        `json:"defaultInputModes,omitempty"`
	DefaultOutputModes                []string        `json:"defaultOutputModes,omitempty"`
	SupportsAuthenticatedExtendedCard *bool           `json:"supportsAuthenticatedExtendedCard,omitempty"`
	// RegistrationType is how the card's url is answered (URL, SERVICE).
	RegistrationType string `json:"registrationType"`
}
