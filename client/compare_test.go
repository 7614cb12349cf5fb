package client

import "testing"

func TestCovers(t *testing.T) {
	cases := []struct {
		name       string
		want, have string
		covered    bool
	}{
		{"equal", `{"a":1}`, `{"a":1}`, true},
		{"server default filled", `{"a":1}`, `{"a":1,"group":"DEFAULT_GROUP"}`, true},
		{"value differs", `{"a":1}`, `{"a":2}`, false},
		{"nested differs", `{"m":{"p":{"v":"/a"}}}`, `{"m":{"p":{"v":"/b","t":"prefix"}}}`, false},
		{"missing field", `{"a":1}`, `{}`, false},
		{"zero left out by the server", `{"timeout":"","n":0,"l":[],"o":{}}`, `{}`, true},
		{"list longer on server", `{"l":[1]}`, `{"l":[1,2]}`, false},
		{"list elements covered", `{"l":[{"a":1}]}`, `{"l":[{"a":1,"id":"x"}]}`, true},
		{"type differs", `{"a":"1"}`, `{"a":1}`, false},
		{"top-level list", `[{"p":1}]`, `[{"p":1}]`, true},
		{"null want", `{"a":null}`, `{}`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := covers(generic([]byte(tc.want)), generic([]byte(tc.have))); got != tc.covered {
				t.Fatalf("covers(%s, %s) = %v", tc.want, tc.have, got)
			}
		})
	}
}

func TestUnifiedDiff(t *testing.T) {
	cases := []struct{ name, a, b, want string }{
		{"equal", "x\n", "x\n", ""},
		{"from nothing", "", "a\nb\n", "--- f\n+++ t\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to nothing", "a\n", "", "--- f\n+++ t\n@@ -1,1 +0,0 @@\n-a\n"},
		{"one line changed", "1\n2\n3\n", "1\nX\n3\n", "--- f\n+++ t\n@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "A\n2\n3\n4\n5\n6\n7\n8\n9\nB\n",
			"--- f\n+++ t\n@@ -1,4 +1,4 @@\n-1\n+A\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+B\n"},
		{"no final newline", "a", "b", "--- f\n+++ t\n@@ -1,1 +1,1 @@\n-a\n+b\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := UnifiedDiff("f", "t", tc.a, tc.b); got != tc.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
