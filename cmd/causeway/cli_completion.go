package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// cliCompletion: causeway completion bash|zsh|fish prints a script that
// completes commands, get's resources and proxy-config's sections. It is
// written by hand: the command set is small and fixed, and a framework
// would have meant rewriting how serve parses its flags.
func cliCompletion(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: causeway completion bash|zsh|fish")
		return exitUsage
	}
	switch args[0] {
	case "bash":
		fmt.Print(bashScript())
	case "zsh": // zsh runs the bash script through its bash emulation
		fmt.Print("autoload -U +X bashcompinit && bashcompinit\n" + bashScript())
	case "fish":
		fmt.Print(fishCompletion(commandNames(), strings.Join(resourceNames(), " "), proxySections))
	default:
		fmt.Fprintf(os.Stderr, "causeway completion: unknown shell %q (want bash, zsh or fish)\n", args[0])
		return exitUsage
	}
	return exitOK
}

// commandNames lists every command, serve and version included.
func commandNames() []string {
	names := []string{"serve", "version", "help"}
	for n := range cliCommands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// proxySections are proxy-config's second argument.
const proxySections = "listeners routes clusters endpoints all"

func bashScript() string {
	return fmt.Sprintf(bashCompletion, strings.Join(commandNames(), " "), strings.Join(resourceNames(), " "), proxySections)
}

const bashCompletion = `# causeway bash completion: source <(causeway completion bash)
_causeway() {
    local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "%s" -- "$cur")); return
    fi
    case "$cmd" in
    get) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "%s" -- "$cur")) && return ;;
    proxy-config) [ "$COMP_CWORD" -eq 3 ] && COMPREPLY=($(compgen -W "%s" -- "$cur")) && return ;;
    plugin) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "push" -- "$cur")) && return ;;
    completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return ;;
    esac
    case "${COMP_WORDS[COMP_CWORD-1]}" in
    -f|--filename|--config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -o) COMPREPLY=($(compgen -W "table json yaml" -- "$cur")); return ;;
    esac
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _causeway causeway
`

func fishCompletion(commands []string, resources, sections string) string {
	var b strings.Builder
	b.WriteString("# causeway fish completion: causeway completion fish | source\n")
	fmt.Fprintf(&b, "complete -c causeway -f -n '__fish_use_subcommand' -a '%s'\n", strings.Join(commands, " "))
	fmt.Fprintf(&b, "complete -c causeway -f -n '__fish_seen_subcommand_from get' -a '%s'\n", resources)
	fmt.Fprintf(&b, "complete -c causeway -f -n '__fish_seen_subcommand_from proxy-config' -a '%s'\n", sections)
	b.WriteString("complete -c causeway -f -n '__fish_seen_subcommand_from plugin' -a 'push'\n")
	b.WriteString("complete -c causeway -f -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	b.WriteString("complete -c causeway -s o -x -a 'table json yaml'\n")
	b.WriteString("complete -c causeway -s f -r -F\n")
	return b.String()
}
