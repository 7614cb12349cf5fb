package translate

import (
	"crypto/sha256"
	"encoding/hex"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	"google.golang.org/protobuf/proto"
)

// nameAssignment names the endpoint assignment (EDS resource) of an EDS
// cluster after the cluster's definition: <cluster>~<digest>.
//
// Envoy keeps an updated EDS cluster warming, and the old one serving,
// until a ClusterLoadAssignment arrives after the update, even an unchanged
// one; on a delta stream it does not even ask again, as the old cluster
// already subscribes to the name, and on either kind the assignment must
// follow the cluster on the wire. A changed cluster that names a new
// assignment is asked for it by every client, and the server has it at
// hand: the new cluster is in force one round trip later, whatever the
// stream kind and however responses interleave. Endpoint changes keep the
// name, so they reach the cluster in place.
func nameAssignment(c *clusterv3.Cluster) {
	cfg := c.GetEdsClusterConfig()
	cfg.ServiceName = ""
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(c)
	if err != nil {
		// A cluster the translator built always marshals; should it not,
		// the plain name still works, at the cost of slower warming.
		cfg.ServiceName = c.GetName()
		return
	}
	sum := sha256.Sum256(b)
	cfg.ServiceName = c.GetName() + "~" + hex.EncodeToString(sum[:4])
}
