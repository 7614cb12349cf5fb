package cse

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// Paths of the http2rpc family (seed 004 §7.6-7.9).
const (
	http2RpcsPath = gatewayPath + "/http2Rpcs"
	http2RpcPath  = http2RpcsPath + "/{http2Rpc_id}"
)

func (a *api) http2rpcRoutes() []route {
	return []route{
		{"GET " + http2RpcsPath, a.listHTTP2RPC, gatewayRead},
		{"POST " + http2RpcsPath, a.createHTTP2RPC, gatewayWrite},
		{"GET " + http2RpcPath, a.getHTTP2RPC, gatewayRead},
		{"PUT " + http2RpcPath, a.updateHTTP2RPC, gatewayWrite},
		{"DELETE " + http2RpcPath, a.deleteHTTP2RPC, gatewayWrite},
	}
}

type http2rpcList struct {
	Total int                 `json:"total"`
	Data  []*http2rpc.Mapping `json:"data"`
}

func (a *api) listHTTP2RPC(w http.ResponseWriter, r *http.Request) error {
	ms, err := a.http2rpc.List(gatewayKey(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, http2rpcList{Total: len(ms), Data: ms})
	return nil
}

// createHTTP2RPC answers the stored mapping with its id and defaults.
func (a *api) createHTTP2RPC(w http.ResponseWriter, r *http.Request) error {
	var in http2rpc.Mapping
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := a.http2rpc.Create(r.Context(), gatewayKey(r), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, m)
	return nil
}

func (a *api) getHTTP2RPC(w http.ResponseWriter, r *http.Request) error {
	m, err := a.http2rpc.Get(gatewayKey(r), r.PathValue("http2Rpc_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, m)
	return nil
}

// updateHTTP2RPC replaces the mapping; a GET body can be PUT back.
func (a *api) updateHTTP2RPC(w http.ResponseWriter, r *http.Request) error {
	var in http2rpc.Mapping
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := a.http2rpc.Update(r.Context(), gatewayKey(r), r.PathValue("http2Rpc_id"), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, m)
	return nil
}

func (a *api) deleteHTTP2RPC(w http.ResponseWriter, r *http.Request) error {
	if err := a.http2rpc.Delete(r.Context(), gatewayKey(r), r.PathValue("http2Rpc_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
