package http2rpc

import (
	"fmt"
	"regexp"
	"strings"
)

// TypeKind is what a Java parameter type is to the bridge.
type TypeKind int

// Java type kinds.
const (
	KindString TypeKind = iota + 1
	KindInt
	KindLong
	KindShort
	KindByte
	KindDouble
	KindFloat
	KindBoolean
	KindBigDecimal
	KindDate
	KindList
	KindMap
	KindArray
	KindPOJO
)

// JavaType is a parsed parameter type.
type JavaType struct {
	Kind TypeKind
	// Name is the Java type name sent in the generic call:
	// java.lang.Integer, int, java.util.List, [Ljava.lang.String; ...
	Name string
	// Elem is the element type of a list or an array, nil when unknown.
	Elem *JavaType
}

var scalars = map[string]struct {
	kind TypeKind
	name string
}{
	"String": {KindString, "java.lang.String"}, "java.lang.String": {KindString, "java.lang.String"},
	"int": {KindInt, "int"}, "Integer": {KindInt, "java.lang.Integer"}, "java.lang.Integer": {KindInt, "java.lang.Integer"},
	"long": {KindLong, "long"}, "Long": {KindLong, "java.lang.Long"}, "java.lang.Long": {KindLong, "java.lang.Long"},
	"short": {KindShort, "short"}, "Short": {KindShort, "java.lang.Short"}, "java.lang.Short": {KindShort, "java.lang.Short"},
	"byte": {KindByte, "byte"}, "Byte": {KindByte, "java.lang.Byte"}, "java.lang.Byte": {KindByte, "java.lang.Byte"},
	"double": {KindDouble, "double"}, "Double": {KindDouble, "java.lang.Double"}, "java.lang.Double": {KindDouble, "java.lang.Double"},
	"float": {KindFloat, "float"}, "Float": {KindFloat, "java.lang.Float"}, "java.lang.Float": {KindFloat, "java.lang.Float"},
	"boolean": {KindBoolean, "boolean"}, "Boolean": {KindBoolean, "java.lang.Boolean"}, "java.lang.Boolean": {KindBoolean, "java.lang.Boolean"},
	"BigDecimal": {KindBigDecimal, "java.math.BigDecimal"}, "java.math.BigDecimal": {KindBigDecimal, "java.math.BigDecimal"},
	"Date": {KindDate, "java.util.Date"}, "java.util.Date": {KindDate, "java.util.Date"},
}

var (
	lists     = map[string]bool{"List": true, "java.util.List": true, "java.util.ArrayList": true, "java.util.LinkedList": true, "java.util.Collection": true}
	maps      = map[string]bool{"Map": true, "java.util.Map": true, "java.util.HashMap": true, "java.util.LinkedHashMap": true}
	className = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)+$`)
)

// ParseJavaType reads a parameter type: a scalar (java.lang.Integer, int,
// String ...), java.math.BigDecimal, java.util.Date, a list or map
// (java.util.List, java.util.List<com.example.User>, java.util.Map), an
// array (int[], java.lang.String[], com.example.User[]) or a POJO by its
// fully qualified class name.
func ParseJavaType(s string) (*JavaType, error) {
	s = strings.TrimSpace(s)
	if len(s) == 0 || len(s) > 256 {
		return nil, fmt.Errorf("type %q is empty or longer than 256 characters", s)
	}
	if sc, ok := scalars[s]; ok {
		return &JavaType{Kind: sc.kind, Name: sc.name}, nil
	}
	if elem, ok := strings.CutSuffix(s, "[]"); ok {
		e, err := ParseJavaType(elem)
		if err != nil || e.Kind == KindList || e.Kind == KindMap {
			return nil, fmt.Errorf("array type %q: element must be a scalar, a POJO or an array", s)
		}
		return &JavaType{Kind: KindArray, Name: arrayName(e), Elem: e}, nil
	}
	base, arg, generic := strings.Cut(s, "<")
	if generic {
		return parseGeneric(s, base, arg)
	}
	switch {
	case lists[s]:
		return &JavaType{Kind: KindList, Name: "java.util.List"}, nil
	case maps[s]:
		return &JavaType{Kind: KindMap, Name: "java.util.Map"}, nil
	case className.MatchString(s):
		return &JavaType{Kind: KindPOJO, Name: s}, nil
	}
	return nil, fmt.Errorf("type %q is not a known Java type or a fully qualified class name", s)
}

func parseGeneric(s, base, arg string) (*JavaType, error) {
	arg, ok := strings.CutSuffix(arg, ">")
	switch {
	case !ok:
		return nil, fmt.Errorf("type %q has an unclosed <", s)
	case lists[base]:
		e, err := ParseJavaType(arg)
		if err != nil {
			return nil, fmt.Errorf("type %q: %w", s, err)
		}
		return &JavaType{Kind: KindList, Name: "java.util.List", Elem: e}, nil
	case maps[base]:
		return &JavaType{Kind: KindMap, Name: "java.util.Map"}, nil
	}
	return nil, fmt.Errorf("type %q: only lists and maps take type arguments", s)
}

// arrayName is the JVM name of an array of e: int[] is [I,
// java.lang.String[] is [Ljava.lang.String;.
func arrayName(e *JavaType) string {
	prims := map[string]string{"int": "I", "long": "J", "short": "S", "byte": "B", "double": "D", "float": "F", "boolean": "Z"}
	if p, ok := prims[e.Name]; ok {
		return "[" + p
	}
	if e.Kind == KindArray {
		return "[" + e.Name
	}
	return "[L" + e.Name + ";"
}
