// Package conf reads the shipped plugins' configurations, JSON, strictly,
// and writes their JSON answers, without encoding/json, fmt or reflection.
//
// Those packages were a third of a shipped module's code, and Envoy's V8
// compiles all of a module's code with its optimizing compiler before a
// new plugin can take a request (2-3 s of CPU for a standard-Go module):
// a smaller module is in force sooner. Plugin code should build its
// messages with this package (Wrap, Quote, Index) rather than fmt.
package conf

import (
	"errors"
	"strconv"
)

// kind is a JSON value's type.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// Value is one decoded JSON value.
type Value struct {
	kind kind
	b    bool
	text string // a string's value, a number's literal
	list []Value
	obj  *Object
}

// Object is a JSON object whose fields a parser takes one by one; Done
// then refuses whatever was not taken, so a misspelt field is an error
// rather than a silent default. A field given twice keeps its last value,
// as encoding/json does. Field names are compared exactly.
type Object struct {
	keys   []string // in order of first appearance
	fields map[string]Value
}

// ParseObject decodes raw, which must be one JSON object.
func ParseObject(raw []byte) (*Object, error) {
	v, err := Parse(raw)
	if err != nil || v.kind != kindObject {
		return nil, errors.New("must be a JSON object")
	}
	return v.obj, nil
}

// Len answers how many fields are left.
func (o *Object) Len() int { return len(o.fields) }

// Take removes the field and answers its value; false when the field is
// absent or null (encoding/json leaves a field alone for null too).
func (o *Object) Take(name string) (Value, bool) {
	v, ok := o.Pop(name)
	return v, ok && v.kind != kindNull
}

// Pop removes the field and answers its value, null or not, and whether
// the field was there.
func (o *Object) Pop(name string) (Value, bool) {
	v, ok := o.fields[name]
	if ok {
		delete(o.fields, name)
	}
	return v, ok
}

// Done refuses the fields nobody took, naming the first in the order of
// the input.
func (o *Object) Done() error {
	for _, k := range o.keys {
		if _, ok := o.fields[k]; ok {
			return errors.New("unknown field " + strconv.Quote(k))
		}
	}
	return nil
}

// Rest answers a copy of the fields not taken yet, for another parser.
func (o *Object) Rest() *Object {
	out := &Object{fields: make(map[string]Value, len(o.fields))}
	for _, k := range o.keys {
		if v, ok := o.fields[k]; ok {
			out.keys = append(out.keys, k)
			out.fields[k] = v
		}
	}
	return out
}

// String takes a string field: "" when absent or null.
func (o *Object) String(name string) (string, error) {
	v, ok := o.Take(name)
	if !ok {
		return "", nil
	}
	if v.kind != kindString {
		return "", errors.New(name + ": must be a string")
	}
	return v.text, nil
}

// OptionalString takes a string field, and whether it was given (not
// absent, not null).
func (o *Object) OptionalString(name string) (string, bool, error) {
	v, ok := o.Take(name)
	if !ok {
		return "", false, nil
	}
	if v.kind != kindString {
		return "", true, errors.New(name + ": must be a string")
	}
	return v.text, true, nil
}

// Strings takes an array of strings: nil when absent or null.
func (o *Object) Strings(name string) ([]string, error) {
	v, ok := o.Take(name)
	if !ok {
		return nil, nil
	}
	list, ok := v.Strings()
	if !ok {
		return nil, errors.New(name + ": must be an array of strings")
	}
	return list, nil
}

// StringMap takes an object of strings: nil when absent or null.
func (o *Object) StringMap(name string) (map[string]string, error) {
	v, ok := o.Take(name)
	if !ok {
		return nil, nil
	}
	if v.kind != kindObject {
		return nil, errors.New(name + ": must be an object of strings")
	}
	out := make(map[string]string, len(v.obj.fields))
	for k, f := range v.obj.fields {
		if f.kind != kindString {
			return nil, errors.New(name + "." + k + ": must be a string")
		}
		out[k] = f.text
	}
	return out, nil
}

// OptionalInt takes an integer field, and whether it was given.
func (o *Object) OptionalInt(name string) (int, bool, error) {
	v, ok := o.Take(name)
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.Atoi(v.text)
	if v.kind != kindNumber || err != nil {
		return 0, true, errors.New(name + ": must be an integer")
	}
	return n, true, nil
}

// Object takes an object field: an empty one when absent or null.
func (o *Object) Object(name string) (*Object, error) {
	v, ok := o.Take(name)
	if !ok {
		return &Object{}, nil
	}
	if v.kind != kindObject {
		return nil, errors.New(name + ": must be a JSON object")
	}
	return v.obj, nil
}

// Objects takes an array field, which must hold objects only; nil when
// absent or null.
func (o *Object) Objects(name string) ([]*Object, error) {
	v, ok := o.Take(name)
	if !ok {
		return nil, nil
	}
	if v.kind != kindArray {
		return nil, errors.New(name + ": must be an array of objects")
	}
	out := make([]*Object, 0, len(v.list))
	for i, item := range v.list {
		if item.kind != kindObject {
			return nil, errors.New(Index(name, i) + ": must be a JSON object")
		}
		out = append(out, item.obj)
	}
	return out, nil
}

// Array answers the value as an array.
func (v Value) Array() ([]Value, bool) { return v.list, v.kind == kindArray }

// Object answers the value as an object.
func (v Value) Object() (*Object, bool) { return v.obj, v.kind == kindObject }

// Strings answers the value as an array of strings.
func (v Value) Strings() ([]string, bool) {
	if v.kind != kindArray {
		return nil, false
	}
	out := make([]string, 0, len(v.list))
	for _, item := range v.list {
		if item.kind != kindString {
			return nil, false
		}
		out = append(out, item.text)
	}
	return out, true
}

// Index names the item i of a list: name[i].
func Index(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

// Wrap answers err with what it is about in front, "prefix: err"; errors.Is
// and errors.As see err through it.
func Wrap(prefix string, err error) error { return &wrapped{prefix: prefix, err: err} }

type wrapped struct {
	prefix string
	err    error
}

func (w *wrapped) Error() string { return w.prefix + ": " + w.err.Error() }
func (w *wrapped) Unwrap() error { return w.err }
