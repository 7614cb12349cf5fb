package servicecomb

import (
	"context"
	"maps"

	"github.com/causeway-dev/causeway/registry"
)

// maxTags is service-center's default tag quota of a microservice.
const maxTags = 100

// ListTags answers a microservice's tags.
func (r *Registry) ListTags(project, id string) (map[string]string, error) {
	s := r.view.service(project, id)
	if s == nil {
		return nil, serviceNotFound(id)
	}
	return maps.Clone(s.rec.Tags), nil
}

// PutTags replaces a microservice's tags, as service-center 2.2 does:
// tags not given are dropped. Keys and values both follow the tag pattern.
func (r *Registry) PutTags(ctx context.Context, project, id string, tags map[string]string) error {
	if len(tags) > maxTags {
		return invalid("tags", "a microservice has at most %d tags", maxTags)
	}
	for k, v := range tags {
		if err := checkTagWord("tags", k); err != nil {
			return err
		}
		if err := checkTagWord("tags", v); err != nil {
			return err
		}
	}
	return r.updateRecord(ctx, project, id, "put tags", func(rec *record) error {
		rec.Tags = maps.Clone(tags)
		return nil
	})
}

// UpdateTag changes the value of a tag the microservice has
// (KindTagNotFound otherwise: it is not a way to add one).
func (r *Registry) UpdateTag(ctx context.Context, project, id, key, value string) error {
	if err := checkTagWord("key", key); err != nil {
		return err
	}
	if err := checkTagWord("value", value); err != nil {
		return err
	}
	return r.updateRecord(ctx, project, id, "update tag", func(rec *record) error {
		if _, ok := rec.Tags[key]; !ok {
			return registry.FieldErrorf(registry.KindTagNotFound, "key", "Tag does not exist, please add one first: %s", key)
		}
		rec.Tags[key] = value
		return nil
	})
}

// DeleteTags removes tags; when one of the keys is not a tag of the
// microservice none is removed (KindTagNotFound).
func (r *Registry) DeleteTags(ctx context.Context, project, id string, keys []string) error {
	if len(keys) == 0 || len(keys) > maxTags {
		return invalid("key", "give 1 to %d tag keys", maxTags)
	}
	for _, k := range keys {
		if err := checkTagWord("key", k); err != nil {
			return err
		}
	}
	return r.updateRecord(ctx, project, id, "delete tags", func(rec *record) error {
		for _, k := range keys {
			if _, ok := rec.Tags[k]; !ok {
				return registry.FieldErrorf(registry.KindTagNotFound, "key", "Delete tags failed for this key %s does not exist.", k)
			}
			delete(rec.Tags, k)
		}
		return nil
	})
}

// checkTagWord applies service-center's tag pattern, which its tag
// management holds keys and values to alike.
func checkTagWord(field, v string) error {
	if !tagPattern.MatchString(v) {
		return invalid(field, "%s %q does not match %s", field, v, tagPattern)
	}
	return nil
}
