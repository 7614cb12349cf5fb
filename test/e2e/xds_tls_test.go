package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

// testCA signs the certificates of a TLS test: the xDS server's (for
// 127.0.0.1) and its clients'.
type testCA struct {
	dir  string
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	file string // PEM of the CA certificate
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "causeway e2e CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	ca := &testCA{dir: t.TempDir(), cert: cert, key: key}
	ca.file = ca.write(t, "ca.pem", "CERTIFICATE", der)
	return ca
}

// issue writes a certificate for name signed by the CA (a server one
// when ip is set) and its key, answering their files.
func (ca *testCA) issue(t *testing.T, name string, ip net.IP) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if ip != nil {
		tmpl.IPAddresses, tmpl.ExtKeyUsage = []net.IP{ip}, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return ca.write(t, name+".pem", "CERTIFICATE", der), ca.write(t, name+"-key.pem", "PRIVATE KEY", kder)
}

func (ca *testCA) write(t *testing.T, name, kind string, der []byte) string {
	t.Helper()
	p := filepath.Join(ca.dir, name)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// adsClusters opens an ADS stream with creds and the token and answers the
// names of the clusters of the first CDS response, or the stream's error.
func adsClusters(t *testing.T, addr string, creds credentials.TransportCredentials, token string) ([]string, error) {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	stream, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
	if err != nil {
		return nil, err
	}
	req := &discovery.DiscoveryRequest{TypeUrl: resourcev3.ClusterType, Node: &corev3.Node{Id: "tls-probe"}}
	if err := stream.Send(req); err != nil {
		return nil, err
	}
	resp, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range resp.GetResources() {
		var c clusterv3.Cluster
		if err := r.UnmarshalTo(&c); err != nil {
			t.Fatal(err)
		}
		names = append(names, c.GetName())
	}
	return names, nil
}

// The xDS port over mutual TLS: a real Envoy with a certificate the client
// CA signed and its token gets its configuration in force; one without a
// certificate, and a plaintext client, get nothing; a grpc-go ADS client
// with TLS, its certificate and its token is served.
func TestXDSOverMutualTLS(t *testing.T) {
	envoyBinary(t)
	ca := newTestCA(t)
	serverCert, serverKey := ca.issue(t, "causeway", net.IPv4(127, 0, 0, 1))
	clientCert, clientKey := ca.issue(t, "sidecar", nil)
	s := start(t, "", "--admin-password", adminPassword,
		"--xds-tls-cert", serverCert, "--xds-tls-key", serverKey, "--xds-client-ca", ca.file)
	logServerOnFailure(t, s)
	admin := login(t, s, adminPassword)
	up := startUpstream(t, "127.0.0.1", 0, "orders-a")
	v := url.Values{"serviceName": {"orders"}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(up.port)}, "ephemeral": {"false"}, "accessToken": {admin}}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
		t.Fatalf("register: %d %s", code, body)
	}
	token := xdsToken(t, s, nil)
	const cluster = "outbound|||orders.DEFAULT_GROUP.public"

	e := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, NodeID: "tls-sidecar", Token: token,
		TLS: &envoyTLS{CA: ca.file, Cert: clientCert, Key: clientKey}})
	eventually(t, 10*time.Second, "the cluster active in the TLS Envoy", func() bool {
		_, ok := e.activeCluster(t, cluster)
		return ok
	})
	if n := e.stat(t, "control_plane.connected_state"); n != 1 {
		t.Fatalf("connected_state %d", n)
	}

	anon := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, NodeID: "tls-anon", Token: token, FetchTimeout: "1s",
		TLS: &envoyTLS{CA: ca.file}})
	anon.waitStat(t, "cluster.xds.upstream_cx_connect_fail", func(n int) bool { return n > 0 }, 10*time.Second)
	if n := anon.stat(t, "control_plane.connected_state"); n != 0 {
		t.Fatalf("an Envoy without a client certificate is connected (%d)", n)
	}
	if dump := anon.dynamicDump(); strings.Contains(dump, "orders") {
		t.Fatalf("an Envoy without a client certificate got configuration: %s", dump)
	}

	if _, err := adsClusters(t, s.xdsAddr, insecure.NewCredentials(), token); err == nil {
		t.Fatal("a plaintext client was served")
	}
	pair, err := tls.LoadX509KeyPair(clientCert, clientKey)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.cert)
	names, err := adsClusters(t, s.xdsAddr, credentials.NewTLS(&tls.Config{RootCAs: roots, Certificates: []tls.Certificate{pair}}), token)
	if err != nil || !strings.Contains(strings.Join(names, " "), "orders.DEFAULT_GROUP.public") {
		t.Fatalf("grpc-go over mTLS: %q, %v", names, err)
	}
	if _, err := adsClusters(t, s.xdsAddr, credentials.NewTLS(&tls.Config{RootCAs: roots}), token); err == nil {
		t.Fatal("a TLS client without a certificate was served")
	}
}
