package main

import (
	"net"
	"sync/atomic"

	"github.com/causeway-dev/causeway/api/cse"
	"github.com/causeway-dev/causeway/registry/cluster"
)

// endpoints holds the access points of this node that CSE engine details
// answer: every HTTP dialect (Nacos, ServiceComb, kie) shares the HTTP
// port; Nacos gRPC and xDS have their own. They are known once the
// listeners are bound (a port may be chosen by the system).
type endpoints struct{ p atomic.Pointer[cse.Endpoints] }

func (e *endpoints) set(self cluster.Member, httpAddr string) {
	host, _, _ := net.SplitHostPort(self.ID)
	_, port, _ := net.SplitHostPort(httpAddr)
	web := "http://" + net.JoinHostPort(host, port)
	e.p.Store(&cse.Endpoints{NacosHTTP: web, NacosGRPC: "grpc://" + self.NacosGRPC, ServiceComb: web, Kie: web,
		XDS: "grpc://" + self.XDS})
}

func (e *endpoints) get() cse.Endpoints {
	if p := e.p.Load(); p != nil {
		return *p
	}
	return cse.Endpoints{}
}
