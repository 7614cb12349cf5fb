package bridge

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// BenchmarkInvocation measures the bridge's own work per request: the
// parameters taken from path, query, header and a JSON body and
// converted to their Java types, the attachments chosen.
func BenchmarkInvocation(b *testing.B) {
	m := &http2rpc.Mapping{Dubbo: http2rpc.Dubbo{Service: "com.example.UserService"}}
	dm := method("/users/{id}", p("id", "PATH", "java.lang.Long"), p("q", "QUERY", "String"),
		p("x-user", "HEADER", "String"), p("user", "BODY", "com.example.User"))
	dm.HeadersAttach = "*"
	body := `{"user":{"name":"alice","age":30,"tags":["a","b"]}}`
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/users/7?q=x", strings.NewReader(body))
		r.Header.Set("x-user", "alice")
		if _, err := invocation(httptest.NewRecorder(), r, m, dm); err != nil {
			b.Fatal(err)
		}
	}
}
