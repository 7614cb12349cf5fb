// Package cluster serves what Causeway nodes send each other: the beats a
// node received for HTTP clients that another node checks (see
// registry/cluster). The route skips user authentication; every batch is
// signed with the cluster's secret instead.
package cluster

import (
	"errors"
	"io"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/cluster"
)

// maxBody bounds a relayed batch: a few thousand instance keys.
const maxBody = 8 << 20

// Verifier checks and decodes a relayed batch (*cluster.Cluster).
type Verifier interface {
	Verify(body []byte, signature string) (cluster.Beats, error)
}

// Beats takes the relayed beats (*naming.Registry).
type Beats interface {
	Relayed(keys []string)
}

// Dialect serves the relay route.
func Dialect(c Verifier, beats Beats) httpx.Dialect {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "cannot read the batch: "+err.Error(), http.StatusBadRequest)
			return
		}
		b, err := c.Verify(body, r.Header.Get(cluster.SignatureHeader))
		if errors.Is(err, cluster.ErrBadRelay) {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		beats.Relayed(b.Keys)
		w.WriteHeader(http.StatusNoContent)
	})
	return httpx.Dialect{Name: "cluster", Routes: []httpx.Route{
		{Pattern: "POST " + cluster.RelayPath, Handler: h, Public: true},
	}}
}
