// Package servicecomb is the ServiceComb service-center model over the one
// registry: microservices (with their schemas, black/white rules, tags and
// the dependencies finds record) live under the servicecomb/ store prefix;
// their instances are naming instances of the Nacos service the
// microservice maps to (project → namespace, appId → group, name), so a
// ServiceComb instance is a Nacos instance and an Envoy endpoint, and a
// Nacos instance is found by ServiceComb clients.
//
// An instance keeps what ServiceComb says of it in its naming metadata:
// version, environment, the servicecomb.* keys (ids, endpoints, status,
// health check, data centre, timestamps) and its properties as plain keys.
// Its heartbeat TTL becomes the preserved.* timeouts, so the naming health
// check expires it as service-center would; a heartbeat is a naming beat
// and writes nothing.
package servicecomb
