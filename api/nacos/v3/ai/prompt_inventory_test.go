package ai

import (
	"bufio"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// TestPromptInventoryRouted: every prompt route of the project's API
// inventory (testdata/prompt-inventory.tsv: shared/api-inventory.tsv's
// /nacos/v3/admin/ai/prompt rows as method, path, seed section) is served.
func TestPromptInventoryRouted(t *testing.T) {
	f, err := os.Open("testdata/prompt-inventory.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mux := newPromptFixture(t).mux
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 {
			continue
		}
		rows++
		if _, pattern := mux.Handler(httptest.NewRequest(fields[0], fields[1], nil)); pattern == "" {
			t.Errorf("%s %s (seed %s) is not routed", fields[0], fields[1], strings.Join(fields[2:], " "))
		}
	}
	if rows != 16 {
		t.Fatalf("read %d inventory rows, want 16", rows)
	}
}
