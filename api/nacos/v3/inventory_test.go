package v3

import (
	"bufio"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// TestInventoryRouted: every route of seed 003 §3-5 is served.
// testdata/inventory.tsv is those rows of the project's API inventory
// (shared/api-inventory.tsv: method, path, seed section).
func TestInventoryRouted(t *testing.T) {
	f, err := os.Open("testdata/inventory.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mux := newCfgFixture(t).mux // with a config centre, which the config routes need
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 {
			continue
		}
		rows++
		_, pattern := mux.Handler(httptest.NewRequest(fields[0], fields[1], nil))
		if pattern == "" {
			t.Errorf("%s %s (seed %s) is not routed", fields[0], fields[1], strings.Join(fields[2:], " "))
		}
	}
	if rows != 74 {
		t.Fatalf("read %d inventory rows, want 74", rows)
	}
}
