package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// xdsTLS builds the xDS server's TLS configuration from --xds-tls-cert,
// --xds-tls-key and --xds-client-ca; nil when TLS is off. The certificate
// and key are read again when either file changes (checked at most once
// a second, at a handshake), so a rotated certificate is served to new
// connections without a restart; streams already open keep theirs. With
// a client CA every client must present a certificate it signed (mTLS);
// which configuration a client may read still comes from its xDS token.
func xdsTLS(cfg config) (*tls.Config, error) {
	if cfg.XDSTLSCert == "" && cfg.XDSTLSKey == "" {
		if cfg.XDSClientCA != "" {
			return nil, errors.New("--xds-client-ca needs --xds-tls-cert and --xds-tls-key")
		}
		return nil, nil
	}
	if cfg.XDSTLSCert == "" || cfg.XDSTLSKey == "" {
		return nil, errors.New("--xds-tls-cert and --xds-tls-key go together")
	}
	kp := &keyPair{certFile: cfg.XDSTLSCert, keyFile: cfg.XDSTLSKey}
	if _, err := kp.load(); err != nil {
		return nil, err
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: kp.get, NextProtos: []string{"h2"}}
	if cfg.XDSClientCA != "" {
		pool, err := loadCertPool("--xds-client-ca", cfg.XDSClientCA)
		if err != nil {
			return nil, err
		}
		tc.ClientCAs, tc.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	return tc, nil
}

// loadCertPool reads the PEM CA certificates of the file a flag names.
func loadCertPool(flag, path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s %s: no PEM certificate in it", flag, path)
	}
	return pool, nil
}

// keyPair serves a certificate from files, reloaded when they change.
type keyPair struct {
	certFile, keyFile string

	mu        sync.Mutex
	cert      *tls.Certificate
	stamp     [2]time.Time // modification times of the files loaded
	checkedAt time.Time
}

// reloadEvery bounds how often a handshake looks at the files.
const reloadEvery = time.Second

func (k *keyPair) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if time.Since(k.checkedAt) < reloadEvery {
		return k.cert, nil
	}
	k.checkedAt = time.Now()
	stamp, err := k.stamps()
	if err != nil || stamp == k.stamp {
		// A file briefly missing mid-rotation keeps the last good pair.
		return k.cert, nil
	}
	if _, err := k.loadLocked(); err != nil {
		return k.cert, nil // a half-written pair: keep serving the old one
	}
	return k.cert, nil
}

func (k *keyPair) load() (*tls.Certificate, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.loadLocked()
}

func (k *keyPair) loadLocked() (*tls.Certificate, error) {
	stamp, err := k.stamps()
	if err != nil {
		return nil, err
	}
	cert, err := tls.LoadX509KeyPair(k.certFile, k.keyFile)
	if err != nil {
		return nil, fmt.Errorf("--xds-tls-cert/--xds-tls-key: %w", err)
	}
	k.cert, k.stamp = &cert, stamp
	return k.cert, nil
}

func (k *keyPair) stamps() ([2]time.Time, error) {
	var out [2]time.Time
	for i, f := range []string{k.certFile, k.keyFile} {
		fi, err := os.Stat(f)
		if err != nil {
			return out, fmt.Errorf("--xds-tls-cert/--xds-tls-key: %w", err)
		}
		out[i] = fi.ModTime()
	}
	return out, nil
}
