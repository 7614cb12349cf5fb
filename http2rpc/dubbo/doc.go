// Package dubbo is the bridge's Dubbo 2 client: what it takes to call a
// provider whose Java classes Causeway does not have.
//
//   - frame.go: the 16-byte header (magic 0xdabb, flags, status, request
//     id, body length) and a decoder that refuses malformed or oversized
//     frames before it allocates for them.
//   - invoke.go: a generic invocation ($invoke(method, parameterTypes,
//     args) over hessian2), encoded as Dubbo's and dubbo-go's consumers do.
//   - response.go, exception.go: a response's value, or the typed error
//     the bridge answers with (RemoteError for what the provider threw or
//     refused, ErrTimeout, ErrUnavailable; HTTPStatus maps them).
//   - skim.go: the check that keeps hostile bodies from the hessian2
//     library, which trusts every length it reads; typedmap.go: typed
//     maps made untyped before the library decodes them, since it drops
//     their null values.
//   - client.go, conn.go, pool.go: one multiplexed, heartbeated connection
//     per provider, redialled after failures; a Pool of them by address.
//   - convert.go, javatype.go: JSON parameters to the Go values hessian2
//     sends as their declared Java types; tojson.go: results back to JSON.
//
// Bodies are hessian2 through github.com/apache/dubbo-go-hessian2;
// test/dubbo/provider is a real dubbo-go provider the tests call.
package dubbo
