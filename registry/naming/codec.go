package naming

import (
	"encoding/json"
	"fmt"

	"github.com/causeway-dev/causeway/registry/store"
)

// DecodeService reads a stored service; the control plane uses it too.
func DecodeService(kv store.KV) (*Service, error) {
	var s Service
	if err := json.Unmarshal(kv.Value, &s); err != nil {
		return nil, fmt.Errorf("decode service %s: %w", kv.Key, err)
	}
	s.Revision = kv.ModRevision
	if s.Metadata == nil {
		s.Metadata = map[string]string{}
	}
	return &s, nil
}

// DecodeInstance reads a stored instance; the control plane uses it too.
func DecodeInstance(kv store.KV) (*Instance, error) {
	var in Instance
	if err := json.Unmarshal(kv.Value, &in); err != nil {
		return nil, fmt.Errorf("decode instance %s: %w", kv.Key, err)
	}
	in.Revision = kv.ModRevision
	if in.Metadata == nil {
		in.Metadata = map[string]string{}
	}
	return &in, nil
}

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil { // NaN or infinite numbers; validation should stop them first
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return b, nil
}
