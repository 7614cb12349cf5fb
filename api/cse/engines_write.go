package cse

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// authCred is the seed's EngineRbacPwd.
type authCred struct {
	Pwd string `json:"pwd"`
}

// createBody is §5.3.3's body. Table 5-38 spells the VPC id "vpclId";
// "vpcId" is read too.
type createBody struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Payment     string            `json:"payment"`
	Flavor      string            `json:"flavor"`
	AZList      []string          `json:"azList"`
	AuthType    string            `json:"authType"`
	VPC         string            `json:"vpc"`
	VPCID       string            `json:"vpcId"`
	VPCLID      string            `json:"vpclId"`
	NetworkID   string            `json:"networkId"`
	SubnetCIDR  string            `json:"subnetCidr"`
	PublicIPID  string            `json:"publicIpId"`
	AuthCred    *authCred         `json:"auth_cred"`
	SpecType    string            `json:"specType"`
	Inputs      map[string]string `json:"inputs"`
}

func (b createBody) input(user string) tenancy.CreateInput {
	in := tenancy.CreateInput{Name: b.Name, Description: b.Description, Payment: b.Payment, Flavor: b.Flavor,
		AuthType: b.AuthType, AZList: b.AZList, VPC: b.VPC, VPCID: b.VPCID, NetworkID: b.NetworkID,
		SubnetCIDR: b.SubnetCIDR, PublicIPID: b.PublicIPID, SpecType: b.SpecType, Inputs: b.Inputs, User: user}
	if in.VPCID == "" {
		in.VPCID = b.VPCLID
	}
	if b.AuthCred != nil {
		in.Password = b.AuthCred.Pwd
	}
	return in
}

func (a *api) createEngine(w http.ResponseWriter, r *http.Request) error {
	var b createBody
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	en, j, err := a.engineMgr.Create(r.Context(), r.PathValue("project_id"), b.input(username(r)))
	return started(w, en, j, err)
}

func (a *api) upgradeEngine(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Version string `json:"version"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	en, j, err := a.engineMgr.Upgrade(r.Context(), r.PathValue("project_id"), r.PathValue("engine_id"), username(r), b.Version)
	return started(w, en, j, err)
}

// configureEngine: PUT .../config {"authType"}. Turning RBAC on creates
// the engine's user, whose password the seed's body has no field for:
// Causeway reads it from "auth_cred", as creation does.
func (a *api) configureEngine(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		AuthType string    `json:"authType"`
		AuthCred *authCred `json:"auth_cred"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	pwd := ""
	if b.AuthCred != nil {
		pwd = b.AuthCred.Pwd
	}
	en, j, err := a.engineMgr.Configure(r.Context(), r.PathValue("project_id"), r.PathValue("engine_id"), username(r),
		b.AuthType, pwd)
	return started(w, en, j, err)
}

func (a *api) resizeEngine(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Flavor string            `json:"flavor"`
		Inputs map[string]string `json:"inputs"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	en, j, err := a.engineMgr.Resize(r.Context(), r.PathValue("project_id"), r.PathValue("engine_id"), username(r),
		b.Flavor, b.Inputs)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, resizeStarted{ID: en.ID, Name: en.Name, JobID: j.ID})
	return nil
}

// engineAction: PUT .../actions {"action":"Retry"}, the only action.
func (a *api) engineAction(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Action string `json:"action"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	if b.Action != "Retry" {
		return bodyInvalid("action", "must be Retry")
	}
	en, j, err := a.engineMgr.Retry(r.Context(), r.PathValue("project_id"), r.PathValue("engine_id"))
	return started(w, en, j, err)
}
