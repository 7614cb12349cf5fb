package main

import (
	"bytes"
	"flag"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

func TestParseInterleaved(t *testing.T) {
	cases := []struct {
		args []string
		pos  []string
		gw   string
	}{
		{[]string{"routes", "--gateway", "gw1"}, []string{"routes"}, "gw1"},
		{[]string{"--gateway=gw1", "routes", "r1"}, []string{"routes", "r1"}, "gw1"},
		{[]string{"routes", "r1", "--gateway", "gw1", "r2"}, []string{"routes", "r1", "r2"}, "gw1"},
		{[]string{"--", "-x"}, []string{"-x"}, ""},
	}
	for _, tc := range cases {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		gw := fs.String("gateway", "", "")
		pos, err := parseInterleaved(fs, tc.args)
		if err != nil || !reflect.DeepEqual(pos, tc.pos) || *gw != tc.gw {
			t.Errorf("%v: %v %q %v, want %v %q", tc.args, pos, *gw, err, tc.pos, tc.gw)
		}
	}
}

func TestCheckGet(t *testing.T) {
	cases := []struct {
		pos  []string
		o    getOptions
		want string // "" for accepted
	}{
		{nil, getOptions{output: "table"}, "want a resource"},
		{[]string{"pods"}, getOptions{output: "table"}, `unknown resource "pods"`},
		{[]string{"svc"}, getOptions{output: "xml"}, `-o "xml"`},
		{[]string{"routes"}, getOptions{output: "table"}, "--gateway"},
		{[]string{"instances"}, getOptions{output: "table"}, "--service"},
		{[]string{"instances", "orders"}, getOptions{output: "json"}, ""},
		{[]string{"policies"}, getOptions{output: "table", kind: "retries"}, `--kind "retries"`},
		{[]string{"policy"}, getOptions{output: "yaml", kind: "retry"}, ""},
	}
	for _, tc := range cases {
		err := checkGet(&tc.o, tc.pos)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%v: %v, want %q", tc.pos, err, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	cases := []struct {
		v    any
		want string
	}{
		{nil, "-"}, {"", "-"}, {"a", "a"}, {float64(8080), "8080"}, {0.5, "0.5"}, {true, "true"},
		{[]any{"a", "b"}, "a,b"}, {[]any{}, "-"}, {map[string]any{"k": "v"}, `{"k":"v"}`},
	}
	for _, tc := range cases {
		if got := text(tc.v); got != tc.want {
			t.Errorf("text(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// The bash script parses, and completes get's resources.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	var script bytes.Buffer
	cmd := exec.Command(bash, "-c", `source /dev/stdin; COMP_WORDS=(causeway get rou); COMP_CWORD=2; _causeway; echo "${COMPREPLY[@]}"`)
	script.WriteString(bashScript())
	cmd.Stdin = &script
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "routerules routes" {
		t.Fatalf("completion: %v %q", err, out)
	}
}
