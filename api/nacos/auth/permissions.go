package auth

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	regauth "github.com/causeway-dev/causeway/registry/auth"
)

// permissionItem is Nacos's PermissionInfo.
type permissionItem struct {
	Role     string `json:"role"`
	Resource string `json:"resource"`
	Action   string `json:"action"`
}

// permissionParams binds the three required parameters of a permission.
func permissionParams(p httpx.Params) (role, resource string, action regauth.Action, err error) {
	if role, err = required(p, "role"); err != nil {
		return "", "", "", err
	}
	if resource, err = required(p, "resource"); err != nil {
		return "", "", "", err
	}
	act, err := required(p, "action")
	return role, resource, regauth.Action(act), err
}

func (h *handler) addPermission(r *http.Request, p httpx.Params) (any, error) {
	role, resource, action, err := permissionParams(p)
	if err != nil {
		return nil, err
	}
	if err := h.svc.AddPermission(r.Context(), role, resource, action); err != nil {
		return nil, err
	}
	return "add permission ok!", nil
}

func (h *handler) deletePermission(r *http.Request, p httpx.Params) (any, error) {
	role, resource, action, err := permissionParams(p)
	if err != nil {
		return nil, err
	}
	if err := h.svc.DeletePermission(r.Context(), role, resource, action); err != nil {
		return nil, err
	}
	return "delete permission ok!", nil
}

// permissionCovered is the console's duplicate check before it adds a
// permission: true when the role has it already, or has "rw" on it.
func (h *handler) permissionCovered(r *http.Request, p httpx.Params) (any, error) {
	role, resource, action, err := permissionParams(p)
	if err != nil {
		return nil, err
	}
	return h.svc.PermissionCovered(r.Context(), role, resource, action)
}

func (h *handler) listPermissions(search func(httpx.Params) (bool, error)) op {
	return func(r *http.Request, p httpx.Params) (any, error) {
		isBlur, err := search(p)
		if err != nil {
			return nil, err
		}
		pageNo, pageSize, err := paging(p)
		if err != nil {
			return nil, err
		}
		perms, err := h.svc.ListPermissions(r.Context(), p.Get("role"), isBlur)
		if err != nil {
			return nil, err
		}
		items := make([]permissionItem, 0, len(perms))
		for _, g := range perms {
			items = append(items, permissionItem{Role: g.Role, Resource: g.Resource, Action: string(g.Action)})
		}
		return page(items, pageNo, pageSize), nil
	}
}
