package kie

import "github.com/causeway-dev/causeway/registry/kie"

// kvDoc is seed 004's SingleKieInfo, flat, as its examples and
// kie-client's KVDoc have it (the table of §8.7.1 wraps it in "kie"; the
// example and the real client do not).
type kvDoc struct {
	ID             string            `json:"id"`
	Key            string            `json:"key"`
	Labels         map[string]string `json:"labels"`
	Value          string            `json:"value"`
	ValueType      string            `json:"value_type"`
	Status         string            `json:"status"`
	CreateTime     int64             `json:"create_time"`
	UpdateTime     int64             `json:"update_time"`
	CreateRevision int64             `json:"create_revision"`
	UpdateRevision int64             `json:"update_revision"`
}

func docOf(kv *kie.KV) kvDoc {
	return kvDoc{ID: kv.ID, Key: kv.Key, Labels: kv.Labels, Value: kv.Value, ValueType: kv.ValueType,
		Status: kv.Status, CreateTime: kv.CreateTime, UpdateTime: kv.UpdateTime,
		CreateRevision: kv.CreateRevision, UpdateRevision: kv.UpdateRevision}
}

func docsOf(kvs []*kie.KV) []kvDoc {
	out := make([]kvDoc, 0, len(kvs))
	for _, kv := range kvs {
		out = append(out, docOf(kv))
	}
	return out
}
