// Package nacosgrpc is the Nacos 2 client protocol: the gRPC services that
// Nacos 2.x SDKs (Java nacos-client, nacos-sdk-go/v2, and every framework
// built on them) open on the Nacos gRPC port, HTTP port + 1000.
//
// It is a dialect like the HTTP ones: it decodes the SDKs' payloads, keeps
// the connections (who is connected, what each subscribed to, which
// configs each listens to) and answers in the shapes the SDKs understand,
// but every rule of the registry and the config centre lives in
// registry/naming and registry/config. An ephemeral instance registered
// over gRPC belongs to its connection (a naming client kind): it needs no
// beats and goes when the connection does.
//
// The wire: two services without a proto package, Request/request (unary)
// and BiRequestStream/requestBiStream, both carrying Payload{metadata{type,
// clientIp, headers}, body: Any{value: JSON}}, where type is the simple
// Java class name of the message. The payload is encoded by hand
// (payload.go) rather than with generated code: it is five fields, and a
// generated Payload would collide in the global protobuf registry with the
// one of nacos-sdk-go, which tests link into the same binary.
package nacosgrpc
