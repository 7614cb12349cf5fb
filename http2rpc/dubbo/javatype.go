package dubbo

// A generic call names each parameter's Java type, and the provider finds
// the method by those names (Dubbo's ReflectUtils.name2class): a class's
// full name, a primitive, or an array as the JVM names it ([I,
// [Ljava.lang.String;). Mappings are written by people, who say String,
// int[] or java.util.List<com.example.User>; javaType reads all of these
// and knows both the name to send and how to convert a JSON value.

import (
	"fmt"
	"regexp"
	"strings"
)

type typeKind int

const (
	kindString typeKind = iota + 1
	kindInt
	kindLong
	kindShort
	kindByte
	kindDouble
	kindFloat
	kindBoolean
	kindBigDecimal
	kindDate
	kindList
	kindMap
	kindArray
	kindObject // java.lang.Object: any JSON
	kindPOJO
)

// javaType is a parsed parameter type.
type javaType struct {
	kind      typeKind
	name      string    // sent in the call: java.lang.Integer, int, [I, java.util.List ...
	primitive bool      // int, long ...: null does not convert
	elem      *javaType // a list's or an array's elements; nil for a list of anything
}

type scalar struct {
	kind      typeKind
	name      string
	primitive bool
	letter    string // a primitive's JVM letter, for arrays of it
}

var scalars = map[string]scalar{}

func init() {
	for _, s := range []struct {
		kind                typeKind
		boxed, prim, letter string
	}{
		{kindInt, "Integer", "int", "I"}, {kindLong, "Long", "long", "J"}, {kindShort, "Short", "short", "S"},
		{kindByte, "Byte", "byte", "B"}, {kindDouble, "Double", "double", "D"}, {kindFloat, "Float", "float", "F"},
		{kindBoolean, "Boolean", "boolean", "Z"},
	} {
		box := scalar{kind: s.kind, name: "java.lang." + s.boxed}
		scalars[s.boxed], scalars[box.name] = box, box
		scalars[s.prim] = scalar{kind: s.kind, name: s.prim, primitive: true, letter: s.letter}
	}
	for short, s := range map[string]scalar{
		"String": {kind: kindString, name: "java.lang.String"}, "Object": {kind: kindObject, name: "java.lang.Object"},
		"BigDecimal": {kind: kindBigDecimal, name: "java.math.BigDecimal"}, "Date": {kind: kindDate, name: "java.util.Date"},
	} {
		scalars[short], scalars[s.name] = s, s
	}
}

// collections maps the list and map types to the names sent: the
// declared one, in full, since the provider matches it to the method.
var collections = map[string]javaType{}

func init() {
	for _, n := range []string{"List", "ArrayList", "LinkedList", "Collection", "Set", "HashSet", "LinkedHashSet"} {
		collections[n] = javaType{kind: kindList, name: "java.util." + n}
		collections["java.util."+n] = collections[n]
	}
	for _, n := range []string{"Map", "HashMap", "LinkedHashMap", "TreeMap"} {
		collections[n] = javaType{kind: kindMap, name: "java.util." + n}
		collections["java.util."+n] = collections[n]
	}
}

var (
	className = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)+$`)
	jvmLetter = map[byte]string{'I': "int", 'J': "long", 'S': "short", 'B': "byte", 'D': "double", 'F': "float", 'Z': "boolean"}
)

// maxTypeLen bounds a type name; maxTypeDepth the nesting of arrays and
// generics in it.
const (
	maxTypeLen   = 512
	maxTypeDepth = 8
)

// parseType reads a declared parameter type.
func parseType(s string) (*javaType, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxTypeLen {
		return nil, fmt.Errorf("type %q is empty or longer than %d characters", s, maxTypeLen)
	}
	return parseTypeDepth(s, 0)
}

func parseTypeDepth(s string, depth int) (*javaType, error) {
	if depth > maxTypeDepth {
		return nil, fmt.Errorf("type nests deeper than %d", maxTypeDepth)
	}
	if sc, ok := scalars[s]; ok {
		return &javaType{kind: sc.kind, name: sc.name, primitive: sc.primitive}, nil
	}
	if elem, ok := strings.CutSuffix(s, "[]"); ok {
		return arrayOf(strings.TrimSpace(elem), depth)
	}
	if strings.HasPrefix(s, "[") {
		return parseDescriptor(s[1:], depth)
	}
	if base, arg, ok := strings.Cut(s, "<"); ok {
		return parseGeneric(s, strings.TrimSpace(base), arg, depth)
	}
	if c, ok := collections[s]; ok {
		return &c, nil
	}
	if className.MatchString(s) {
		return &javaType{kind: kindPOJO, name: s}, nil
	}
	return nil, fmt.Errorf("type %q is not a known Java type or a fully qualified class name", s)
}

// parseDescriptor reads what follows a JVM array name's "[": a
// primitive's letter, "L<class>;" or another array.
func parseDescriptor(d string, depth int) (*javaType, error) {
	var elem string
	switch {
	case len(d) == 1 && jvmLetter[d[0]] != "":
		elem = jvmLetter[d[0]]
	case strings.HasPrefix(d, "L") && strings.HasSuffix(d, ";") && len(d) > 2:
		elem = d[1 : len(d)-1]
	case strings.HasPrefix(d, "["):
		elem = d
	default:
		return nil, fmt.Errorf("array type [%s is not a JVM array name", d)
	}
	return arrayOf(elem, depth)
}

func arrayOf(elem string, depth int) (*javaType, error) {
	e, err := parseTypeDepth(elem, depth+1)
	if err != nil {
		return nil, err
	}
	if e.kind == kindList || e.kind == kindMap || strings.Contains(elem, "<") {
		return nil, fmt.Errorf("array of %s: arrays of lists, maps or generics are not supported", elem)
	}
	return &javaType{kind: kindArray, name: "[" + descriptor(e), elem: e}, nil
}

// descriptor is how an array names its element type.
func descriptor(e *javaType) string {
	if sc := scalars[e.name]; sc.primitive {
		return sc.letter
	}
	if e.kind == kindArray {
		return e.name
	}
	return "L" + e.name + ";"
}

// parseGeneric reads base<arg>: a list's argument types its elements, a
// map's are not used, any other class is sent without them (erasure).
func parseGeneric(s, base, arg string, depth int) (*javaType, error) {
	arg, ok := strings.CutSuffix(strings.TrimSpace(arg), ">")
	if !ok || strings.TrimSpace(arg) == "" {
		return nil, fmt.Errorf("type %q: bad type arguments", s)
	}
	t, err := parseTypeDepth(base, depth+1)
	if err != nil {
		return nil, err
	}
	switch t.kind {
	case kindList:
		e, err := parseTypeDepth(strings.TrimSpace(arg), depth+1)
		if err != nil {
			return nil, fmt.Errorf("type %q: %w", s, err)
		}
		t.elem = e
	case kindMap, kindPOJO:
	default:
		return nil, fmt.Errorf("type %q: %s takes no type arguments", s, base)
	}
	return t, nil
}
