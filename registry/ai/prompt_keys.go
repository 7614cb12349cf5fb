package ai

import "strings"

// Prompt keys, under PromptPrefix:
//
//	ai/prompt/<namespace>/<promptKey>/meta         Prompt
//	ai/prompt/<namespace>/<promptKey>/v/<version>  PromptVersion
//
// Namespace ids, prompt keys and versions have no '/', so a prompt's keys
// are exactly those under promptDir, which a delete removes at once.

func promptDir(ns, key string) string { return PromptPrefix + ns + "/" + key + "/" }

func promptMetaKey(ns, key string) string { return promptDir(ns, key) + "meta" }

func promptVersionKey(ns, key, version string) string { return promptDir(ns, key) + "v/" + version }

// promptRef names one prompt.
type promptRef struct{ ns, key string }

// parsePromptKey splits a store key into the prompt it belongs to and,
// for a version key, the version; ok is false for any other key.
func parsePromptKey(k string) (r promptRef, version string, isMeta, ok bool) {
	parts := strings.Split(strings.TrimPrefix(k, PromptPrefix), "/")
	if !strings.HasPrefix(k, PromptPrefix) || len(parts) < 3 {
		return promptRef{}, "", false, false
	}
	r = promptRef{ns: parts[0], key: parts[1]}
	switch {
	case len(parts) == 3 && parts[2] == "meta":
		return r, "", true, true
	case len(parts) == 4 && parts[2] == "v" && parts[3] != "":
		return r, parts[3], false, true
	}
	return promptRef{}, "", false, false
}
