package auth

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
)

// roleItem is Nacos's RoleInfo.
type roleItem struct {
	Role     string `json:"role"`
	Username string `json:"username"`
}

func (h *handler) addRole(r *http.Request, p httpx.Params) (any, error) {
	role, err := required(p, "role")
	if err != nil {
		return nil, err
	}
	username, err := required(p, "username")
	if err != nil {
		return nil, err
	}
	if err := h.svc.AddRole(r.Context(), role, username); err != nil {
		return nil, err
	}
	return "add role ok!", nil
}

// deleteRole unbinds a role from a user, or deletes it when no username is
// given.
func (h *handler) deleteRole(r *http.Request, p httpx.Params) (any, error) {
	role, err := required(p, "role")
	if err != nil {
		return nil, err
	}
	username := p.Get("username")
	if err := h.svc.DeleteRole(r.Context(), role, username); err != nil {
		return nil, err
	}
	return "delete role of user " + username + " ok!", nil
}

func (h *handler) listRoles(search func(httpx.Params) (bool, error)) op {
	return func(r *http.Request, p httpx.Params) (any, error) {
		isBlur, err := search(p)
		if err != nil {
			return nil, err
		}
		pageNo, pageSize, err := paging(p)
		if err != nil {
			return nil, err
		}
		bound, err := h.svc.ListRoles(r.Context(), p.Get("username"), p.Get("role"), isBlur)
		if err != nil {
			return nil, err
		}
		items := make([]roleItem, 0, len(bound))
		for _, b := range bound {
			items = append(items, roleItem{Role: b.Role, Username: b.Username})
		}
		return page(items, pageNo, pageSize), nil
	}
}

// searchRoles answers the role names containing the given part.
func (h *handler) searchRoles(r *http.Request, p httpx.Params) (any, error) {
	part, err := required(p, "role")
	if err != nil {
		return nil, err
	}
	names, err := h.svc.SearchRoles(r.Context(), part)
	if err != nil || names == nil {
		return []string{}, err
	}
	return names, nil
}
