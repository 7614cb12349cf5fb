package servicecomb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// maxSchemaBytes bounds one schema's content.
const maxSchemaBytes = 4 << 20

// GetSchema answers one schema of a microservice; KindSchemaNotFound when
// it has none of that id.
func (r *Registry) GetSchema(project, serviceID, schemaID string) (*Schema, error) {
	if r.view.service(project, serviceID) == nil {
		return nil, serviceNotFound(serviceID)
	}
	sc := r.view.schema(project, serviceID, schemaID)
	if sc == nil {
		return nil, schemaNotFound(schemaID)
	}
	return sc, nil
}

// ListSchemas answers a microservice's schemas sorted by id.
func (r *Registry) ListSchemas(project, serviceID string) ([]*Schema, error) {
	if r.view.service(project, serviceID) == nil {
		return nil, serviceNotFound(serviceID)
	}
	return r.view.schemaList(project, serviceID), nil
}

// PutSchemas stores schemas of a microservice and adds their ids to its
// schema list. An empty summary becomes the content's sha256. In the
// production environment a schema already stored may not change
// (KindNotAllowed), as in service-center.
func (r *Registry) PutSchemas(ctx context.Context, project, serviceID string, schemas []Schema) error {
	if len(schemas) == 0 || len(schemas) > 100 {
		return invalid("schemas", "give 1 to 100 schemas")
	}
	for i := range schemas {
		if err := checkSchema(&schemas[i]); err != nil {
			return err
		}
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur := r.view.service(project, serviceID)
		if cur == nil {
			return serviceNotFound(serviceID)
		}
		next := *cur.rec
		next.Service.Schemas = slices.Clone(cur.rec.Service.Schemas)
		var ops []store.Op
		for i := range schemas {
			sc := &schemas[i]
			if old := r.view.schema(project, serviceID, sc.SchemaID); old != nil && old.Schema != sc.Schema &&
				cur.rec.Service.Environment == "production" {
				return registry.FieldErrorf(registry.KindNotAllowed, "schemaId",
					"Not allowed to modify schema %s of a production microservice", sc.SchemaID)
			}
			if !slices.Contains(next.Service.Schemas, sc.SchemaID) {
				next.Service.Schemas = append(next.Service.Schemas, sc.SchemaID)
			}
			ops = append(ops, store.Put(schemaKey(project, serviceID, sc.SchemaID), mustJSON(sc)))
		}
		if err := checkSchemaIDs(next.Service.Schemas); err != nil {
			return err
		}
		key := serviceKey(project, serviceID)
		ops = append(ops, store.Put(key, mustJSON(&next)))
		ok, err := r.commit(ctx, "put schemas", []store.Cmp{store.Unchanged(key, cur.revision)}, ops...)
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict("put schemas")
}

func checkSchema(sc *Schema) error {
	if err := checkPattern("schemaId", sc.SchemaID, schemaIDPattern, 160); err != nil {
		return err
	}
	if sc.Schema == "" {
		return registry.FieldErrorf(registry.KindInvalid, "schema", "schema is required")
	}
	if len(sc.Schema) > maxSchemaBytes {
		return invalid("schema", "schema is larger than %d bytes", maxSchemaBytes)
	}
	if sc.Summary == "" {
		sum := sha256.Sum256([]byte(sc.Schema))
		sc.Summary = hex.EncodeToString(sum[:])
	}
	return checkLen("summary", sc.Summary, false, 128)
}

// DeleteSchema deletes one schema of a microservice. Its id stays in the
// microservice's schema list, as in service-center, where the list is the
// contracts the microservice declares and a schema their stored content.
func (r *Registry) DeleteSchema(ctx context.Context, project, serviceID, schemaID string) error {
	if err := checkPattern("schemaId", schemaID, schemaIDPattern, 160); err != nil {
		return err
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur := r.view.service(project, serviceID)
		if cur == nil {
			return serviceNotFound(serviceID)
		}
		if r.view.schema(project, serviceID, schemaID) == nil {
			return schemaNotFound(schemaID)
		}
		key := serviceKey(project, serviceID)
		ok, err := r.commit(ctx, "delete schema", []store.Cmp{store.Unchanged(key, cur.revision)},
			store.Delete(schemaKey(project, serviceID, schemaID)))
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict("delete schema")
}
