// Package nacosform holds the request reading the Nacos 2 open API
// (api/nacos/v2) and the Nacos 3 admin API (api/nacos/v3) share: the typed
// parameter Reader with Spring's wording of a missing parameter, the batch
// metadata form with its instance list, and the console namespace handlers,
// whose steps both controllers take alike. Rules stay in registry/naming and
// registry/tenancy, wire shapes in api/nacos/nacoswire.
package nacosform
