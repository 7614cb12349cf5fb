package dubbo

// What a provider throws arrives as a hessian2 object of the exception's
// class. The library decodes the classes it knows (java.lang.*Exception,
// com.alibaba.dubbo.rpc.service.GenericException ...) into structs with a
// DetailMessage, any other class with Throwable's four fields into an
// UnknownException, and anything else into a map with "_class". A
// generic call's exception is usually wrapped by the provider's generic
// filter in a GenericException whose exceptionClass and exceptionMessage
// name the real one; those win. An UnknownException forgets its class
// (the library leaves its name empty), so the class comes from the body.

import (
	"reflect"

	hessian "github.com/apache/dubbo-go-hessian2"
	"github.com/apache/dubbo-go-hessian2/java_exception"
)

// apacheGenericException is org.apache.dubbo.rpc.service.GenericException,
// which Dubbo 2.7 wraps a generic call's exception in; the library knows
// only com.alibaba's, and would otherwise lose exceptionClass.
type apacheGenericException struct {
	SerialVersionUID     int64
	DetailMessage        string
	SuppressedExceptions []java_exception.Throwabler
	StackTrace           []java_exception.StackTraceElement
	Cause                java_exception.Throwabler
	ExceptionClass       string
	ExceptionMessage     string
}

func (apacheGenericException) JavaClassName() string {
	return "org.apache.dubbo.rpc.service.GenericException"
}

func (e apacheGenericException) Error() string { return e.DetailMessage }

func (e apacheGenericException) GetStackTrace() []java_exception.StackTraceElement {
	return e.StackTrace
}

func init() {
	hessian.RegisterPOJO(&apacheGenericException{})
}

// thrown is the RemoteError of an exception object; class is its class
// as the body named it, for when the decoded object does not tell.
func thrown(v any, class string) error {
	c, msg := exceptionInfo(v)
	if c == "" {
		c = class
	}
	return &RemoteError{Status: StatusOK, ExceptionClass: c, Message: msg}
}

func exceptionInfo(v any) (class, msg string) {
	defer func() { // a decoded object's methods may meet nil pointers
		if recover() != nil {
			class, msg = "", "(unreadable exception object)"
		}
	}()
	switch e := v.(type) {
	case nil:
		return "", "(no exception object)"
	case string: // what old dubbo-go providers send
		return "java.lang.Exception", e
	case map[string]any:
		return mapString(e["_class"]), mapString(e["detailMessage"])
	case map[any]any:
		return mapString(e["_class"]), mapString(e["detailMessage"])
	}
	if t, ok := v.(java_exception.Throwabler); ok {
		class, msg = t.JavaClassName(), t.Error()
	}
	if s, ok := stringField(v, "DetailMessage"); ok {
		msg = s
	}
	if c, _ := stringField(v, "ExceptionClass"); c != "" {
		class, _ = stringField(v, "ExceptionClass")
		msg, _ = stringField(v, "ExceptionMessage")
	}
	return class, msg
}

func mapString(v any) string {
	s, _ := v.(string)
	return s
}

// stringField answers v's (or *v's) string field name.
func stringField(v any, name string) (string, bool) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return "", false
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return "", false
	}
	f := rv.FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.String {
		return "", false
	}
	return f.String(), true
}
