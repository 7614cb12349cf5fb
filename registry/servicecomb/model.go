package servicecomb

// Microservice is a ServiceComb microservice definition (seed 004 table
// 8-8). The JSON names are service-center's. Values handed out by the
// Registry are shared: never modify them.
type Microservice struct {
	ServiceID    string            `json:"serviceId"`
	Environment  string            `json:"environment,omitempty"`
	AppID        string            `json:"appId"`
	ServiceName  string            `json:"serviceName"`
	Version      string            `json:"version"`
	Description  string            `json:"description,omitempty"`
	Level        string            `json:"level,omitempty"`
	RegisterBy   string            `json:"registerBy,omitempty"`
	Schemas      []string          `json:"schemas,omitempty"`
	Status       string            `json:"status,omitempty"`
	Alias        string            `json:"alias,omitempty"`
	Timestamp    string            `json:"timestamp,omitempty"`
	ModTimestamp string            `json:"modTimestamp,omitempty"`
	Framework    *Framework        `json:"framework,omitempty"`
	Paths        []ServicePath     `json:"paths,omitempty"`
	Properties   map[string]string `json:"properties,omitempty"`
}

// Framework is the development framework a microservice reports.
type Framework struct {
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
}

// ServicePath is one route a microservice declares.
type ServicePath struct {
	Path     string            `json:"path,omitempty"`
	Property map[string]string `json:"property,omitempty"`
}

// Rule is a black or white list rule of a provider (seed 004 table 8-32).
type Rule struct {
	RuleID       string `json:"ruleId,omitempty"`
	RuleType     string `json:"ruleType"`
	Attribute    string `json:"attribute"`
	Pattern      string `json:"pattern"`
	Description  string `json:"description,omitempty"`
	Timestamp    string `json:"timestamp,omitempty"`
	ModTimestamp string `json:"modTimestamp,omitempty"`
}

// Instance is a ServiceComb microservice instance (seed 004 table 8-80).
type Instance struct {
	InstanceID     string            `json:"instanceId"`
	ServiceID      string            `json:"serviceId"`
	Version        string            `json:"version,omitempty"`
	HostName       string            `json:"hostName"`
	Endpoints      []string          `json:"endpoints"`
	Status         string            `json:"status"`
	Properties     map[string]string `json:"properties,omitempty"`
	HealthCheck    *HealthCheck      `json:"healthCheck,omitempty"`
	DataCenterInfo *DataCenterInfo   `json:"dataCenterInfo,omitempty"`
	Timestamp      string            `json:"timestamp,omitempty"`
	ModTimestamp   string            `json:"modTimestamp,omitempty"`
}

// HealthCheck is how an instance proves it lives.
type HealthCheck struct {
	Mode     string `json:"mode"`
	Port     int32  `json:"port,omitempty"`
	Interval int32  `json:"interval"`
	Times    int32  `json:"times"`
	URL      string `json:"url,omitempty"`
}

// DataCenterInfo places an instance.
type DataCenterInfo struct {
	Name          string `json:"name"`
	Region        string `json:"region"`
	AvailableZone string `json:"availableZone"`
}

// Schema is one contract of a microservice.
type Schema struct {
	SchemaID string `json:"schemaId"`
	Summary  string `json:"summary,omitempty"`
	Schema   string `json:"schema,omitempty"`
}

// record is what the store keeps of a microservice: its definition plus
// what only creation gives (rules, tags).
type record struct {
	Project string            `json:"project"`
	Service Microservice      `json:"service"`
	Rules   []Rule            `json:"rules,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// dependency is what a find with a consumer id records: the consumer
// depends on every microservice of the provider's app and name in its
// environment.
type dependency struct {
	Consumer    string `json:"consumer"`
	Environment string `json:"environment"`
	AppID       string `json:"appId"`
	ServiceName string `json:"serviceName"`
}

// Instance statuses.
const (
	StatusUp           = "UP"
	StatusDown         = "DOWN"
	StatusStarting     = "STARTING"
	StatusTesting      = "TESTING"
	StatusOutOfService = "OUTOFSERVICE"
)

// Defaults service-center gives an absent field.
const (
	DefaultVersion  = "0.0.1"
	DefaultLevel    = "BACK"
	DefaultInterval = 30
	DefaultTimes    = 3
)
