package servicecomb

import "github.com/causeway-dev/causeway/registry"

// The errors a service-center client tells apart; the dialect maps each
// kind to its code (400012, 400016, 400017, ...).
func serviceNotFound(id string) error {
	return registry.FieldErrorf(registry.KindServiceNotFound, "serviceId", "Micro-service does not exist: %s", id)
}

func instanceNotFound(id string) error {
	return registry.FieldErrorf(registry.KindInstanceNotFound, "instanceId", "Instance does not exist: %s", id)
}

func schemaNotFound(id string) error {
	return registry.FieldErrorf(registry.KindSchemaNotFound, "schemaId", "Schema does not exist: %s", id)
}

func invalid(field, format string, args ...any) error {
	return registry.FieldErrorf(registry.KindInvalid, field, format, args...)
}
