package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writePair writes a self-signed certificate for cn and its key into dir.
func writePair(t *testing.T, dir, cn string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{cn}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

func TestXDSTLSFlags(t *testing.T) {
	dir := t.TempDir()
	cert, key := writePair(t, dir, "causeway")
	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("not pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name            string
		cert, key, ca   string
		want            string // "" = valid
		mutual, enabled bool
	}{
		{"off", "", "", "", "", false, false},
		{"tls", cert, key, "", "", false, true},
		{"mtls", cert, key, cert, "", true, true},
		{"cert alone", cert, "", "", "go together", false, false},
		{"key alone", "", key, "", "go together", false, false},
		{"ca alone", "", "", cert, "needs --xds-tls-cert", false, false},
		{"missing file", cert, filepath.Join(dir, "nope.pem"), "", "no such file", false, false},
		{"key is no key", cert, garbage, "", "--xds-tls-cert/--xds-tls-key", false, false},
		{"ca is no pem", cert, key, garbage, "no PEM certificate", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := defaults()
			cfg.XDSTLSCert, cfg.XDSTLSKey, cfg.XDSClientCA = c.cert, c.key, c.ca
			tc, err := xdsTLS(cfg)
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("xdsTLS = %v, want %q", err, c.want)
				}
				if verr := cfg.validate(); verr == nil {
					t.Fatal("validate accepted it")
				}
				return
			}
			if err != nil || (tc != nil) != c.enabled || (c.enabled && (tc.ClientCAs != nil) != c.mutual) {
				t.Fatalf("xdsTLS = %+v, %v", tc, err)
			}
		})
	}
}

// A certificate rotated on disk is served at the next handshake after
// the check interval; a broken rotation keeps the last good pair.
func TestXDSCertificateRotates(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := writePair(t, dir, "old")
	kp := &keyPair{certFile: certFile, keyFile: keyFile}
	if _, err := kp.load(); err != nil {
		t.Fatal(err)
	}
	leaf := func() string {
		t.Helper()
		c, err := kp.get(nil)
		if err != nil {
			t.Fatal(err)
		}
		x, err := x509.ParseCertificate(c.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		return x.Subject.CommonName
	}
	if got := leaf(); got != "old" {
		t.Fatalf("serving %q", got)
	}
	time.Sleep(10 * time.Millisecond) // a distinct modification time
	writePair(t, dir, "new")
	kp.checkedAt = time.Time{} // the interval has passed
	if got := leaf(); got != "new" {
		t.Fatalf("after rotation serving %q", got)
	}
	if err := os.WriteFile(keyFile, []byte("half written"), 0o600); err != nil {
		t.Fatal(err)
	}
	kp.checkedAt = time.Time{}
	if got := leaf(); got != "new" {
		t.Fatalf("after a broken rotation serving %q", got)
	}
}
