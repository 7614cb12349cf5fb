package v3

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzCoreRoutes sends any query and body to every core route: the answer
// is always the envelope, never a 500 (501 is the "not applicable"
// answer).
func FuzzCoreRoutes(f *testing.F) {
	f.Add(uint8(0), "state=UP&address=127", `[{"ip":"1.2.3.4"}]`)
	f.Add(uint8(3), "namespaceId=a%20b&namespaceName=x", "")
	f.Add(uint8(9), "connectionId=x&redirectAddress=:", "{")
	f.Add(uint8(20), "pluginType=auth&pluginName=nacos&enabled=maybe", "null")
	fx := newCoreFixture(f)
	routes := fx.routes()
	f.Fuzz(func(t *testing.T, i uint8, query, body string) {
		rt := routes[int(i)%len(routes)]
		method, path, _ := strings.Cut(rt, " ")
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.URL.RawQuery = query
		if strings.HasPrefix(body, "[") || strings.HasPrefix(body, "{") {
			r.Header.Set("Content-Type", "application/json")
		} else {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		w := httptest.NewRecorder()
		fx.mux.ServeHTTP(w, r)
		if w.Code >= 500 && w.Code != http.StatusNotImplemented {
			t.Fatalf("%s %q %q: %d %s", rt, query, body, w.Code, w.Body)
		}
		var env struct {
			Code *int `json:"code"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || env.Code == nil {
			t.Fatalf("%s %q %q: not the envelope: %d %s", rt, query, body, w.Code, w.Body)
		}
	})
}

func (f *coreFixture) routes() []string {
	var out []string
	for _, r := range (&api{}).coreRoutes() {
		out = append(out, r.pattern)
	}
	return out
}
