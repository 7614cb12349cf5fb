package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/etcd"
)

// defaultEtcdPrefix keeps Causeway's keys apart from whatever else the etcd
// cluster holds.
const defaultEtcdPrefix = "causeway/"

// openEtcd opens the etcd engine on --etcd-endpoints.
func openEtcd(cfg config, log *slog.Logger) (store.Store, error) {
	tc, err := etcdTLS(cfg)
	if err != nil {
		return nil, err
	}
	st, err := etcd.Open(etcd.Options{Endpoints: cfg.EtcdEndpoints, Prefix: cfg.EtcdPrefix, TLS: tc,
		Username: cfg.EtcdUsername, Password: cfg.EtcdPassword, MaxTxnOps: cfg.EtcdMaxTxnOps})
	if err != nil {
		return nil, fmt.Errorf("open etcd store at %v: %w", cfg.EtcdEndpoints, err)
	}
	log.Info("store: etcd", "endpoints", cfg.EtcdEndpoints, "prefix", cfg.EtcdPrefix, "max_txn_ops", st.Limits().MaxOps)
	return st, nil
}

// etcdTLS builds the TLS configuration of the etcd client from --etcd-ca,
// --etcd-cert and --etcd-key; nil when none is given (http endpoints).
func etcdTLS(cfg config) (*tls.Config, error) {
	if cfg.EtcdCA == "" && cfg.EtcdCert == "" && cfg.EtcdKey == "" {
		return nil, nil
	}
	if (cfg.EtcdCert == "") != (cfg.EtcdKey == "") {
		return nil, errors.New("--etcd-cert and --etcd-key go together")
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.EtcdCA != "" {
		pool, err := loadCertPool("--etcd-ca", cfg.EtcdCA)
		if err != nil {
			return nil, err
		}
		tc.RootCAs = pool
	}
	if cfg.EtcdCert != "" {
		pair, err := tls.LoadX509KeyPair(cfg.EtcdCert, cfg.EtcdKey)
		if err != nil {
			return nil, fmt.Errorf("--etcd-cert/--etcd-key: %w", err)
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	return tc, nil
}
