package translate

import (
	"fmt"

	"github.com/causeway-dev/causeway/controlplane/index"
)

// ForNode answers the resources of a node by its role.
func ForNode(snap *index.Snapshot, n Node) (*Resources, error) {
	switch n.Role {
	case RoleSidecar:
		return Sidecar(snap, n)
	case RoleGateway:
		return Gateway(snap, n)
	case RoleGRPC:
		return GRPC(snap, n)
	}
	return nil, fmt.Errorf("node %s: unknown role %q", n.ID, n.Role)
}
