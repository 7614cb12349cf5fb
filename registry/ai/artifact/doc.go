// Package artifact holds the versioned artifacts of the AI registry that
// share one life cycle (draft → reviewed → published, labels, biz tags,
// online status, scope, ZIP upload): skills (seed 003 §9) and agent specs
// (§10). One Registry serves each kind, under the kind's key prefix
// (registry/ai keys.go).
package artifact
