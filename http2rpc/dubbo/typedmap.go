package dubbo

// The hessian2 library loses the null values of a typed map, one that
// names its class as Java writes a LinkedHashMap or a TreeMap (a HashMap
// goes untyped): it stores each entry with reflect's SetMapIndex, which
// deletes the key when the value is nil. So {"a":null} from a Java
// provider would reach the client as {}. An untyped map keeps its nulls,
// and a map's class is Java's business (ToJSON drops class keys), so a
// response body has its typed maps made untyped before it is decoded.
//
// Hessian2 numbers the type names of typed lists and maps in the order
// they are first written, and later ones refer to a name by number. A
// typed map's name leaves the body with it, so the numbers of the names
// after it shift: typed lists' references are renumbered to match.

import (
	"bytes"
	"errors"
)

// untypedMaps answers body with its typed maps written as untyped ones.
// A body without any, or one that does not skim (the checks that follow
// report it), is answered as it is.
func untypedMaps(body []byte) []byte {
	if bytes.IndexByte(body, 'M') < 0 { // no typed map can be in it
		return body
	}
	s := &skimmer{b: body, types: &typeTable{byName: map[string]int{}}}
	for s.pos < len(s.b) {
		if s.value() != nil {
			return body
		}
	}
	if len(s.types.edits) == 0 {
		return body
	}
	out := make([]byte, 0, len(body))
	last := 0
	for _, e := range s.types.edits { // in body order: the skimmer adds them so
		out = append(append(out, body[last:e.start]...), e.repl...)
		last = e.end
	}
	return append(out, body[last:]...)
}

// typeTable follows a body's type names as the library's decoder does,
// before and after the typed maps lose theirs.
type typeTable struct {
	byName map[string]int // a name (as encoded) to its number in the body
	// renumber maps a number in the body to the number once typed maps
	// are untyped: -1 for the name of a map, which is gone.
	renumber []int
	kept     int // names left once typed maps are untyped
	edits    []edit
}

// edit replaces body[start:end] with repl.
type edit struct {
	start, end int
	repl       []byte
}

// define is a type name written out, of a map or a list. The decoder
// numbers a name once, when it first sees it; with the maps' names gone,
// a list's name first seen on a map is new where the list has it.
func (t *typeTable) define(name string, ofMap bool) {
	i, seen := t.byName[name]
	switch {
	case !seen && ofMap:
		t.byName[name] = len(t.renumber)
		t.renumber = append(t.renumber, -1)
	case !seen:
		t.byName[name] = len(t.renumber)
		t.renumber = append(t.renumber, t.kept)
		t.kept++
	case !ofMap && t.renumber[i] < 0:
		t.renumber[i] = t.kept
		t.kept++
	}
}

// refer is a reference to type number n at body[start:end]; a list's is
// renumbered (a map's goes with the map's type).
func (t *typeTable) refer(n int, ofMap bool, start, end int) error {
	if n < 0 || n >= len(t.renumber) {
		return errBadTypeRef
	}
	if ofMap {
		return nil
	}
	switch m := t.renumber[n]; {
	case m < 0: // a list of a map class, which Java does not write
		return errBadTypeRef
	case m != n:
		t.edits = append(t.edits, edit{start, end, appendInt(nil, m)})
	}
	return nil
}

// untype makes the typed map whose tag is at body[at] and whose type ends
// before body[end] an untyped one.
func (t *typeTable) untype(at, end int) {
	t.edits = append(t.edits, edit{at, end, []byte{'H'}})
}

var errBadTypeRef = errors.New("type reference to no list type")

// appendInt appends n (non-negative) as a hessian2 int, in its shortest
// form.
func appendInt(b []byte, n int) []byte {
	switch {
	case n <= 47:
		return append(b, byte(0x90+n))
	case n <= 2047:
		return append(b, byte(0xc8+(n>>8)), byte(n))
	case n <= 262143:
		return append(b, byte(0xd4+(n>>16)), byte(n>>8), byte(n))
	}
	return append(b, 'I', byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}
