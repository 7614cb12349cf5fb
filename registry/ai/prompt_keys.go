package ai

// Prompt keys, under PromptPrefix, laid out as every versioned kind's
// (versioned.go): <namespace>/<promptKey>/meta holds the Prompt,
// <namespace>/<promptKey>/v/<version> a PromptVersion.

func promptDir(ns, key string) string { return PromptPrefix + ns + "/" + key + "/" }

func promptMetaKey(ns, key string) string { return promptDir(ns, key) + "meta" }

func promptVersionKey(ns, key, version string) string { return promptDir(ns, key) + "v/" + version }

// promptRef names one prompt.
type promptRef struct{ ns, key string }
