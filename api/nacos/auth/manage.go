package auth

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
)

// The user, role and permission API of Nacos's default auth plugin:
// Nacos 2.5.1's UserController (mapped at /v1/auth and /v1/auth/users),
// RoleController and PermissionController, and Nacos 3.0.3's
// UserControllerV3, RoleControllerV3 and PermissionControllerV3. They are
// console resources in Nacos, so every route is for global admins (Access
// nil) except the password change, which any user may call for their own
// password (the model decides), and POST .../admin, which Nacos leaves
// open and which only says that an admin exists.
const (
	v1Users = "/nacos/v1/auth/users"
	v1Auth  = "/nacos/v1/auth" // UserController's second mapping
	v1Roles = "/nacos/v1/auth/roles"
	v1Perms = "/nacos/v1/auth/permissions"
	v3User  = "/nacos/v3/auth/user"
	v3Role  = "/nacos/v3/auth/role"
	v3Perm  = "/nacos/v3/auth/permission"
)

// manageRoutes answers the routes of both versions.
func (h *handler) manageRoutes() []httpx.Route {
	var rs []httpx.Route
	for _, base := range []string{v1Users, v1Auth} {
		rs = append(rs, h.v1UserRoutes(base)...)
	}
	rs = append(rs, h.v1RoleRoutes()...)
	rs = append(rs, h.v3Routes()...)
	return rs
}

func (h *handler) v1UserRoutes(base string) []httpx.Route {
	return []httpx.Route{
		{Pattern: "POST " + base, Handler: h.serve(shapeRest, h.createUser(true))},
		{Pattern: "DELETE " + base, Handler: h.serve(shapeRest, h.deleteUser)},
		{Pattern: "PUT " + base, Handler: h.serve(shapeRest, h.changePassword), Access: httpx.AnyUser},
		{Pattern: "GET " + base, Handler: h.serve(shapeRaw, h.listUsers(v1Search))},
		{Pattern: "GET " + base + "/search", Handler: h.serve(shapeRaw, h.searchUsers)},
		{Pattern: "POST " + base + "/admin", Handler: h.serve(shapeRaw, createAdmin(true)), Public: true},
	}
}

func (h *handler) v1RoleRoutes() []httpx.Route {
	list := h.serve(shapeRaw, h.listPermissions(v1Search))
	covered := h.serve(shapeResult, h.permissionCovered)
	return []httpx.Route{
		{Pattern: "POST " + v1Roles, Handler: h.serve(shapeRest, h.addRole)},
		{Pattern: "DELETE " + v1Roles, Handler: h.serve(shapeRest, h.deleteRole)},
		{Pattern: "GET " + v1Roles, Handler: h.serve(shapeRaw, h.listRoles(v1Search))},
		{Pattern: "GET " + v1Roles + "/search", Handler: h.serve(shapeRaw, h.searchRoles)},
		{Pattern: "POST " + v1Perms, Handler: h.serve(shapeRest, h.addPermission)},
		{Pattern: "DELETE " + v1Perms, Handler: h.serve(shapeRest, h.deletePermission)},
		{Pattern: "GET " + v1Perms, Handler: v1PermissionsGET(list, covered)},
	}
}

// v1PermissionsGET is GET /nacos/v1/auth/permissions: with search=accurate
// or blur a page, otherwise (Spring's method without a params condition)
// the duplicate check, which answers a v2 Result even in v1.
func v1PermissionsGET(list, covered http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("search") {
		case "accurate", "blur":
			list.ServeHTTP(w, r)
		default:
			covered.ServeHTTP(w, r)
		}
	})
}

func (h *handler) v3Routes() []httpx.Route {
	res := func(run op) http.Handler { return h.serve(shapeResult, run) }
	return []httpx.Route{
		{Pattern: "POST " + v3User, Handler: res(h.createUser(false))},
		{Pattern: "DELETE " + v3User, Handler: res(h.deleteUser)},
		{Pattern: "PUT " + v3User, Handler: res(h.changePassword), Access: httpx.AnyUser},
		{Pattern: "GET " + v3User + "/list", Handler: res(h.listUsers(accurateOrBlur))},
		{Pattern: "GET " + v3User + "/search", Handler: res(h.searchUsers)},
		{Pattern: "POST " + v3User + "/admin", Handler: res(createAdmin(false)), Public: true},
		{Pattern: "POST " + v3Role, Handler: res(h.addRole)},
		{Pattern: "DELETE " + v3Role, Handler: res(h.deleteRole)},
		{Pattern: "GET " + v3Role + "/list", Handler: res(h.listRoles(accurateOrBlur))},
		{Pattern: "GET " + v3Role + "/search", Handler: res(h.searchRoles)},
		{Pattern: "POST " + v3Perm, Handler: res(h.addPermission)},
		{Pattern: "DELETE " + v3Perm, Handler: res(h.deletePermission)},
		{Pattern: "GET " + v3Perm, Handler: res(h.permissionCovered)},
		{Pattern: "GET " + v3Perm + "/list", Handler: res(h.listPermissions(accurateOrBlur))},
	}
}
