package v2

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
)

// The envelope, the error mapping and Spring's wording of missing
// parameters are nacosresult's, shared with Nacos 3's admin API.
var (
	formMissing  = nacosresult.FormMissing
	queryMissing = nacosresult.QueryMissing
	rekind       = nacosresult.Rekind
)

// wrap turns an endpoint into an http.Handler (nacosresult.Wrap).
func (a *api) wrap(h handlerFunc) http.Handler {
	return nacosresult.Wrap(a.log, nacosresult.Handler(h))
}
