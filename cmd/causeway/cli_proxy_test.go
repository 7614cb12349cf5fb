package main

import (
	"testing"
	"time"

	"github.com/causeway-dev/causeway/client"
)

// proxy-status rows: each type's state, the NACK's error in the table
// cell, and the NACKs whole (version, error, time) under "nacks".
func TestProxyRowsNacksPerType(t *testing.T) {
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	n := client.Node{ID: "gw", Role: "gateway", Namespace: "public", Gateway: "g1", Stream: "sotw",
		Sent:  map[string]string{client.TypeCDS: "2", client.TypeLDS: "3", client.TypeRDS: "4"},
		Acked: map[string]string{client.TypeCDS: "2", client.TypeLDS: "2", client.TypeRDS: "4"},
		Nacks: map[string]client.Nack{client.TypeLDS: {Version: "3", Error: "cannot bind", At: at}}}
	rows := proxyRows([]client.Node{n, {ID: "other"}}, []string{"gw"})
	if len(rows) != 1 {
		t.Fatalf("rows %v", rows)
	}
	want := map[string]string{"scope": "public/g1", "CDS": "SYNCED", "LDS": "NACK (cannot bind)", "RDS": "SYNCED", "EDS": "NOT SENT"}
	for k, v := range want {
		if rows[0][k] != v {
			t.Errorf("%s = %v, want %s", k, rows[0][k], v)
		}
	}
	nacks := rows[0]["nacks"].(client.Object)
	if len(nacks) != 1 || nacks["LDS"] != (client.Nack{Version: "3", Error: "cannot bind", At: at}) {
		t.Fatalf("nacks %v", nacks)
	}
}
