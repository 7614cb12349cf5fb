package etcd

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
)

// A transaction beyond --max-txn-ops is refused before it is sent (when the
// engine knows the limit) and by etcd (when it was told a larger one); both
// are store.ErrInvalid and nothing is written.
func TestMaxTxnOps(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 3)
	ops := func(n int) []store.Op {
		out := make([]store.Op, n)
		for i := range out {
			out[i] = store.Put(fmt.Sprintf("k/%03d", i), []byte("v"))
		}
		return out
	}
	guards := func(n int) []store.Cmp {
		out := make([]store.Cmp, n)
		for i := range out {
			out[i] = store.Absent(fmt.Sprintf("k/%03d", i))
		}
		return out
	}
	tests := []struct {
		name      string
		maxOps    int // engine option; the server keeps its default 128
		txn       store.Txn
		wantErr   bool
		wantInMsg string
	}{
		{"128 ops fit", 0, store.Txn{If: guards(128), Then: ops(128)}, false, ""},
		{"129 ops refused before sending", 0, store.Txn{Then: ops(129)}, true, "--max-txn-ops of 128"},
		{"129 guards refused before sending", 0, store.Txn{If: guards(129), Then: ops(1)}, true, "--max-txn-ops"},
		{"etcd's own refusal", 1000, store.Txn{Then: ops(129)}, true, "too many operations"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Open(Options{Endpoints: c.Endpoints(), Prefix: fmt.Sprintf("t%d/", i), MaxTxnOps: tc.maxOps})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = e.Close() })
			if tc.maxOps == 0 && e.Limits().MaxOps != DefaultMaxTxnOps {
				t.Fatalf("Limits %+v, want MaxOps %d", e.Limits(), DefaultMaxTxnOps)
			}
			res, err := e.Commit(t.Context(), tc.txn)
			if !tc.wantErr {
				if err != nil || !res.Succeeded {
					t.Fatalf("Commit: %+v, %v", res, err)
				}
				return
			}
			if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), tc.wantInMsg) {
				t.Fatalf("Commit: %v; want ErrInvalid mentioning %q", err, tc.wantInMsg)
			}
			if kvs, _, err := e.List(t.Context(), ""); err != nil || len(kvs) != 0 {
				t.Fatalf("after the refusal: %d keys, %v", len(kvs), err)
			}
		})
	}
}
