package ai

import "github.com/causeway-dev/causeway/registry"

// StateError is a life-cycle step the version's state forbids (submit a
// published version, edit one under review). It is a KindConflict
// registry error; the Nacos API answers it as ILLEGAL_STATE (23000).
type StateError struct{ Err *registry.Error }

func (e *StateError) Error() string { return e.Err.Error() }

// Unwrap lets registry.KindOf and errors.As see the registry error.
func (e *StateError) Unwrap() error { return e.Err }

func errState(format string, args ...any) error {
	return &StateError{Err: registry.Errorf(registry.KindConflict, format, args...)}
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
