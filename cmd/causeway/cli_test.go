package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
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

// zsh runs the bash script through bashcompinit, whose compgen answers
// every word and leaves the prefix match to zsh's compadd: the test asks
// for the words and checks the right ones are there.
func TestZshCompletion(t *testing.T) {
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("no zsh")
	}
	script := filepath.Join(t.TempDir(), "causeway.zsh")
	if err := os.WriteFile(script, []byte("autoload -U +X bashcompinit && bashcompinit\n"+bashScript()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(zsh, "-f", "-c", `autoload -U +X compinit && compinit -u; source "$1"; setopt ksharrays
COMP_WORDS=(causeway get rou); COMP_CWORD=2; _causeway; echo "${COMPREPLY[@]}"
COMP_WORDS=(causeway proxy-config n1 cl); COMP_CWORD=3; _causeway; echo "${COMPREPLY[@]}"`, "zsh", script)
	out, err := cmd.CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || len(lines) != 2 || !slices.Contains(strings.Fields(lines[0]), "routes") ||
		!slices.Contains(strings.Fields(lines[1]), "clusters") {
		t.Fatalf("zsh completion: %v %q", err, out)
	}
}

func TestFishCompletion(t *testing.T) {
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("no fish")
	}
	script := filepath.Join(t.TempDir(), "causeway.fish")
	if err := os.WriteFile(script, []byte(fishCompletion(commandNames(), strings.Join(resourceNames(), " "), proxySections)), 0o600); err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{
		"causeway get rou":           "routerules routes",
		"causeway proxy-config n1 c": "clusters",
		"causeway -o y":              "yaml",
		"causeway prox":              "proxy-config proxy-status",
	} {
		out, err := exec.Command(fish, "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, script, line).CombinedOutput()
		if got := strings.Join(strings.Fields(string(out)), " "); err != nil || got != want {
			t.Errorf("fish completion of %q: %v %q, want %q", line, err, out, want)
		}
	}
}
