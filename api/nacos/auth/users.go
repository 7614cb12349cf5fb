package auth

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	regauth "github.com/causeway-dev/causeway/registry/auth"
)

// userItem is Nacos's User in a page. Nacos's User also has a password
// field, which its pages fill with the bcrypt hash; Causeway leaves the
// field out: a hash is for nobody's eyes, and the console never reads it.
type userItem struct {
	Username string `json:"username"`
}

// The answers of Nacos's createAdminUser when a global admin exists,
// which with Causeway is always: the admin is created at start.
const (
	adminExistsV1 = "have admin user cannot use it"
	adminExistsV3 = "have admin user cannot use it."
)

// defaultUserTaken is Nacos 1's answer to creating the user "nacos".
const defaultUserTaken = "User `nacos` is default admin user. Please use `/nacos/v1/auth/users/admin` API to init `nacos` users. " +
	"Detail see `https://nacos.io/docs/latest/manual/admin/auth/#31-%E8%AE%BE%E7%BD%AE%E7%AE%A1%E7%90%86%E5%91%98%E5%AF%86%E7%A0%81`"

func (h *handler) createUser(v1 bool) op {
	return func(r *http.Request, p httpx.Params) (any, error) {
		username, err := required(p, "username")
		if err != nil {
			return nil, err
		}
		password, err := required(p, "password")
		if err != nil {
			return nil, err
		}
		if v1 && username == regauth.DefaultAdmin {
			return asIs{restResult{Code: http.StatusConflict, Data: defaultUserTaken}}, nil
		}
		if _, err := h.svc.CreateUser(r.Context(), username, password, false); err != nil {
			return nil, err
		}
		return "create user ok!", nil
	}
}

// createAdmin is Nacos's POST .../admin, which initialises the first
// admin when there is none; Causeway has one from its start, so the
// answer is Nacos's 409, written with HTTP 200 as Nacos does.
func createAdmin(v1 bool) op {
	return func(*http.Request, httpx.Params) (any, error) {
		if v1 {
			return asIs{restResult{Code: http.StatusConflict, Data: adminExistsV1}}, nil
		}
		return asIs{result{Code: http.StatusConflict, Message: adminExistsV3}}, nil
	}
}

func (h *handler) deleteUser(r *http.Request, p httpx.Params) (any, error) {
	username, err := required(p, "username")
	if err != nil {
		return nil, err
	}
	if err := h.svc.DeleteUser(r.Context(), username); err != nil {
		return nil, err
	}
	return "delete user ok!", nil
}

// changePassword is PUT user: any authenticated user may call it, and the
// model lets a global admin change anyone's password and another user
// only their own (ErrForbidden, answered 403 "authorization failed!").
func (h *handler) changePassword(r *http.Request, p httpx.Params) (any, error) {
	username, err := required(p, "username")
	if err != nil {
		return nil, err
	}
	password, err := required(p, "newPassword")
	if err != nil {
		return nil, err
	}
	if err := h.svc.ChangePassword(r.Context(), httpx.IdentityFrom(r.Context()), username, password); err != nil {
		return nil, err
	}
	return "update user ok!", nil
}

// listUsers answers a page of users, by exact name or by part of it.
func (h *handler) listUsers(search func(httpx.Params) (bool, error)) op {
	return func(r *http.Request, p httpx.Params) (any, error) {
		isBlur, err := search(p)
		if err != nil {
			return nil, err
		}
		pageNo, pageSize, err := paging(p)
		if err != nil {
			return nil, err
		}
		users, err := h.svc.ListUsers(r.Context())
		if err != nil {
			return nil, err
		}
		filter := p.Get("username")
		var items []userItem
		for _, u := range users {
			if regauth.MatchName(u.Username, filter, isBlur) {
				items = append(items, userItem{u.Username})
			}
		}
		return page(items, pageNo, pageSize), nil
	}
}

// searchUsers answers the usernames containing the given part (the
// console's user picker).
func (h *handler) searchUsers(r *http.Request, p httpx.Params) (any, error) {
	part, err := required(p, "username")
	if err != nil {
		return nil, err
	}
	users, err := h.svc.ListUsers(r.Context())
	if err != nil {
		return nil, err
	}
	names := []string{}
	for _, u := range users {
		if regauth.MatchName(u.Username, part, true) {
			names = append(names, u.Username)
		}
	}
	return names, nil
}

// accurateOrBlur adapts blur to listUsers' search argument for v3.
func accurateOrBlur(p httpx.Params) (bool, error) { return blur(p), nil }
