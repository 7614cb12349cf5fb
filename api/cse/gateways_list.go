package cse

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/gateway"
)

// gatewaysPath lists a project's gateways. The seed has no such call (a
// client is told its gateway ids); Causeway adds it so that the console
// and the CLI can show what exists without knowing ids beforehand.
const gatewaysPath = "/v2/{project_id}/enginemgr/gateways"

// gatewaysRead needs read on every gateway of the project: a user granted
// only some gateways reads them by id.
var gatewaysRead = httpx.ProjectAccess(auth.TypeGateway, auth.Read)

// gatewayList is the list answer, in the shape of the seed's other lists.
type gatewayList struct {
	Total int                `json:"total"`
	Data  []*gateway.Gateway `json:"data"`
}

// listGateways: GET /v2/{project_id}/enginemgr/gateways answers
// {"total","data"} sorted by id; each entry is what a GET by id answers.
func (a *api) listGateways(w http.ResponseWriter, r *http.Request) error {
	project := r.PathValue("project_id")
	if err := gateway.ValidateKey(gateway.Key{Project: project, ID: "list"}); err != nil {
		return err
	}
	out := gatewayList{Data: []*gateway.Gateway{}}
	for _, k := range a.gw.Keys() {
		if k.Project != project {
			continue
		}
		if g, _ := a.gw.View(k); g != nil {
			out.Data = append(out.Data, g)
		}
	}
	out.Total = len(out.Data)
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
