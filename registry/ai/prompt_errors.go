package ai

import "github.com/causeway-dev/causeway/registry"

// errState refuses a life-cycle step the version's state forbids (submit
// a published version, edit one under review). Every kind of the AI
// registry answers such a step as a conflict, which the Nacos API answers
// 409 RESOURCE_CONFLICT (20005) as Nacos's AI module does for its own
// refusals of a resource's state.
func errState(format string, args ...any) error {
	return registry.Errorf(registry.KindConflict, format, args...)
}

func errPromptNotFound(r promptRef) error {
	return registry.FieldErrorf(registry.KindNotFound, "promptKey",
		"prompt %q not found in namespace %q", r.key, r.ns)
}

func errVersionNotFound(r promptRef, version string) error {
	return registry.FieldErrorf(registry.KindNotFound, "version",
		"prompt %q has no version %q", r.key, version)
}

// ref validates a request's namespace and prompt key.
func ref(ns, key string) (promptRef, error) {
	ns, err := Namespace(ns)
	if err != nil {
		return promptRef{}, err
	}
	if err := ValidatePromptKey(key); err != nil {
		return promptRef{}, err
	}
	return promptRef{ns: ns, key: key}, nil
}
