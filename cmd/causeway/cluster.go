package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/causeway-dev/causeway/registry/cluster"
	"github.com/causeway-dev/causeway/registry/store"
)

// openCluster follows the members of the store. On Badger the node is its
// only member; on etcd every node sharing the prefix is one (see
// registry/cluster).
func openCluster(ctx context.Context, st store.Store, log *slog.Logger) (*cluster.Cluster, error) {
	c, err := cluster.New(ctx, cluster.Options{Store: st, Logger: log.With("component", "cluster")})
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	return c, nil
}

// selfMember is this node as the others see it, once its listeners are
// bound (the ports may have been chosen by the system).
func selfMember(cfg config, httpAddr, nacosGRPC, xds string) (cluster.Member, error) {
	host, err := advertiseHost(cfg.AdvertiseHost, cfg.HTTPAddr)
	if err != nil {
		return cluster.Member{}, err
	}
	_, port, err := net.SplitHostPort(httpAddr)
	if err != nil {
		return cluster.Member{}, fmt.Errorf("http address %q: %w", httpAddr, err)
	}
	withHost := func(addr string) string {
		if _, p, err := net.SplitHostPort(addr); err == nil {
			return net.JoinHostPort(host, p)
		}
		return addr
	}
	return cluster.Member{ID: net.JoinHostPort(host, port), NacosGRPC: withHost(nacosGRPC), XDS: withHost(xds),
		Version: version, Started: time.Now().UnixMilli()}, nil
}

// advertiseHost is the host the other nodes and the node lists name this
// node by: --advertise-host, else the host of --http-addr when it names
// one, else the first address of an interface that is up and not
// loopback, else the loopback address.
func advertiseHost(flag, httpAddr string) (string, error) {
	if flag != "" {
		if ip := net.ParseIP(flag); ip != nil && ip.IsUnspecified() {
			return "", fmt.Errorf("--advertise-host %s: name an address the other nodes reach", flag)
		}
		return flag, nil
	}
	if h, _, err := net.SplitHostPort(httpAddr); err == nil && h != "" {
		if ip := net.ParseIP(h); ip == nil || !ip.IsUnspecified() {
			return h, nil
		}
	}
	return firstInterfaceIP(), nil
}

func firstInterfaceIP() string {
	ifaces, err := net.Interfaces()
	if err != nil {
		return "127.0.0.1"
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLinkLocalUnicast() {
				return n.IP.String()
			}
		}
	}
	return "127.0.0.1"
}
