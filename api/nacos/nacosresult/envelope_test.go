package nacosresult

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
)

// A Failure is written with HTTP 200 and its own code, as Nacos's
// Result.failure answers.
func TestWriteFailure(t *testing.T) {
	rec := httptest.NewRecorder()
	h := func(*http.Request, httpx.Params) (any, error) {
		return Failure{Code: 100006, Message: "No configuration selected", Data: map[string]int{"succCount": 0}}, nil
	}
	Write(slog.New(slog.NewTextHandler(io.Discard, nil)), rec, httptest.NewRequest("POST", "/", nil), h, httpx.Params{})
	want := `{"code":100006,"message":"No configuration selected","data":{"succCount":0}}`
	if rec.Code != http.StatusOK || rec.Body.String() != want {
		t.Fatalf("got %d %s", rec.Code, rec.Body.String())
	}
}
