package cse

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry/gateway"
)

// routeView is a route as the API answers it: the stored route and what is
// doubtful about it (a destination not registered yet).
type routeView struct {
	*gateway.Route
	Warnings []string `json:"warnings,omitempty"`
}

// routeInput is a route as a client sends it. The warnings of a route the
// API answered are accepted and ignored, so a GET body can be PUT back.
type routeInput struct {
	gateway.Route
	Warnings []string `json:"warnings"`
}

// routeList is the answer of a list, in the seed's list shape.
type routeList struct {
	Total int         `json:"total"`
	Data  []routeView `json:"data"`
}

func (a *api) view(rt *gateway.Route) routeView {
	return routeView{Route: rt, Warnings: a.gw.Warnings(rt)}
}

// createRoute: POST .../routes with a route without id; answers the
// stored route with its new id.
func (a *api) createRoute(w http.ResponseWriter, r *http.Request) error {
	var in routeInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	rt, err := a.gw.CreateRoute(r.Context(), gatewayKey(r), in.Route)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, a.view(rt))
	return nil
}

// listRoutes: GET .../routes answers {"total":N,"data":[...]} in creation
// order.
func (a *api) listRoutes(w http.ResponseWriter, r *http.Request) error {
	routes, err := a.gw.ListRoutes(gatewayKey(r))
	if err != nil {
		return err
	}
	out := routeList{Total: len(routes), Data: make([]routeView, 0, len(routes))}
	for _, rt := range routes {
		out.Data = append(out.Data, a.view(rt))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *api) getRoute(w http.ResponseWriter, r *http.Request) error {
	rt, err := a.gw.GetRoute(gatewayKey(r), r.PathValue("route_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, a.view(rt))
	return nil
}

// updateRoute: PUT .../routes/{route_id} replaces the route; an "id" in the
// body must be the path's.
func (a *api) updateRoute(w http.ResponseWriter, r *http.Request) error {
	var in routeInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	rt, err := a.gw.UpdateRoute(r.Context(), gatewayKey(r), r.PathValue("route_id"), in.Route)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, a.view(rt))
	return nil
}

func (a *api) deleteRoute(w http.ResponseWriter, r *http.Request) error {
	if err := a.gw.DeleteRoute(r.Context(), gatewayKey(r), r.PathValue("route_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
