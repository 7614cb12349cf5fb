package nacosgrpc

import (
	"context"
	"errors"
	"net"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
)

// plaintext is gRPC's insecure transport with one difference: it keeps
// each transport's network connection in the peer's AuthInfo, so that a
// connection the server lets go of can be closed (gRPC offers a handler
// no other way to end a transport, or to end a stream from outside it).
type plaintext struct{}

type plaintextInfo struct {
	credentials.CommonAuthInfo
	conn net.Conn
}

func (plaintextInfo) AuthType() string { return "insecure" }

func (plaintext) ServerHandshake(c net.Conn) (net.Conn, credentials.AuthInfo, error) {
	return c, plaintextInfo{CommonAuthInfo: credentials.CommonAuthInfo{SecurityLevel: credentials.NoSecurity}, conn: c}, nil
}

func (plaintext) ClientHandshake(context.Context, string, net.Conn) (net.Conn, credentials.AuthInfo, error) {
	return nil, nil, errors.New("nacos grpc: server-side transport only")
}

func (plaintext) Info() credentials.ProtocolInfo {
	return credentials.ProtocolInfo{SecurityProtocol: "insecure"}
}

func (plaintext) Clone() credentials.TransportCredentials { return plaintext{} }

func (plaintext) OverrideServerName(string) error { return nil }

// netConnOf answers the network connection of a call's transport, nil when
// the server was not built with plaintext.
func netConnOf(ctx context.Context) net.Conn {
	if p, ok := peer.FromContext(ctx); ok {
		if info, ok := p.AuthInfo.(plaintextInfo); ok {
			return info.conn
		}
	}
	return nil
}
