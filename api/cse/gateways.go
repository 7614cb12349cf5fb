package cse

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry/gateway"
)

// putGateway creates or replaces a gateway:
// PUT /v2/{project_id}/enginemgr/gateways/{gateway_id}
// {"listeners":[{"name":"http","port":8080,"protocol":"HTTP"}]}. An "id" in
// the body, as a GET answers it, must be the path's.
func (a *api) putGateway(w http.ResponseWriter, r *http.Request) error {
	var g gateway.Gateway
	if err := decodeBody(w, r, &g); err != nil {
		return err
	}
	k := gatewayKey(r)
	if g.ID != "" && g.ID != k.ID {
		return bodyInvalid("id", "\""+g.ID+"\" differs from the gateway_id of the path")
	}
	g.ID, g.Project = k.ID, k.Project
	stored, err := a.gw.PutGateway(r.Context(), g)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, stored)
	return nil
}

// gatewayList is the answer of GET /v2/{project_id}/enginemgr/gateways.
type gatewayList struct {
	Total int                `json:"total"`
	Data  []*gateway.Gateway `json:"data"`
}

// listGateways: GET /v2/{project_id}/enginemgr/gateways answers
// {"total":N,"data":[...]} sorted by id. Causeway's addition (the seed
// reads gateways one by one); it needs read on every gateway of the
// project, as a policy listing without ?app= needs the project.
func (a *api) listGateways(w http.ResponseWriter, r *http.Request) error {
	gws, err := a.gw.ListGateways(r.PathValue("project_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, gatewayList{Total: len(gws), Data: append([]*gateway.Gateway{}, gws...)})
	return nil
}

func (a *api) getGateway(w http.ResponseWriter, r *http.Request) error {
	g, err := a.gw.GetGateway(gatewayKey(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, g)
	return nil
}

// deleteGateway removes a gateway and its routes; like the seed's deletes
// it answers 200 without a body.
func (a *api) deleteGateway(w http.ResponseWriter, r *http.Request) error {
	if err := a.gw.DeleteGateway(r.Context(), gatewayKey(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
