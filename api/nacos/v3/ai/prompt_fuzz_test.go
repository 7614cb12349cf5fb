package ai

import (
	"net/http"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// FuzzPromptWrites: whatever free-form parameters a write carries
// (template, variables, biz tags, labels, versions), the answer is a v3
// envelope that is never a server error, and a refused write changes
// nothing in the store.
func FuzzPromptWrites(f *testing.F) {
	f.Add("Hello {{name}}", `{"name":"string"}`, `["ai"]`, `{"latest":"1.0.0"}`, "1.0.0")
	f.Add(" ", "[", "a,,b", "null", "../x")
	f.Add("\xff", "{}", `[1]`, `{"a b":"1"}`, "1.0.0-draft")
	fx := newPromptFixture(f)
	f.Fuzz(func(t *testing.T, template, variables, bizTags, labels, version string) {
		fx.t = t
		calls := []struct {
			method, path string
			params       map[string][]string
		}{
			{"POST", "/prompt/draft", vals("promptKey", "f", "template", template, "variables", variables,
				"bizTags", bizTags, "targetVersion", version)},
			{"PUT", "/prompt/draft", vals("promptKey", "f", "template", template, "variables", variables)},
			{"POST", "/prompt/force-publish", vals("promptKey", "f", "version", version)},
			{"POST", "/prompt", vals("promptKey", "f", "version", version, "template", template, "bizTags", bizTags)},
			{"PUT", "/prompt/labels", vals("promptKey", "f", "labels", labels)},
			{"PUT", "/prompt/biz-tags", vals("promptKey", "f", "bizTags", bizTags)},
			{"GET", "/prompt/list", vals("bizTags", bizTags, "promptKey", version)},
			{"GET", "/prompt/version", vals("promptKey", "f", "label", labels, "version", version)},
		}
		for _, c := range calls {
			before := enginetest.State(t, fx.st)
			code, env := fx.do(c.method, c.path, c.params)
			if code >= http.StatusInternalServerError {
				t.Fatalf("%s %s: %d %v", c.method, c.path, code, env)
			}
			if code != http.StatusOK && enginetest.State(t, fx.st) != before {
				t.Fatalf("%s %s refused (%d %v) but wrote", c.method, c.path, code, env)
			}
		}
		fx.do("DELETE", "/prompt", vals("promptKey", "f"))
	})
}
