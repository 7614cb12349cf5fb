package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/clients"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/naming_client"
	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

// newSDK is a nacos-sdk-go v2 naming client given these nodes, its cache
// and logs under dir.
func newSDK(dir string, nodes []*server) (naming_client.INamingClient, error) {
	cc := constant.NewClientConfig(constant.WithTimeoutMs(5000), constant.WithNotLoadCacheAtStart(true),
		constant.WithCacheDir(dir+"/cache"), constant.WithLogDir(dir+"/log"), constant.WithLogLevel("error"))
	var sc []constant.ServerConfig
	for _, s := range nodes {
		host, port, err := hostPort(strings.TrimPrefix(s.base, "http://"))
		if err != nil {
			return nil, err
		}
		_, grpcPort, err := hostPort(s.grpc)
		if err != nil {
			return nil, err
		}
		sc = append(sc, *constant.NewServerConfig(host, port, constant.WithGrpcPort(grpcPort)))
	}
	c, err := clients.NewNamingClient(vo.NacosClientParam{ClientConfig: cc, ServerConfigs: sc})
	if err != nil {
		return nil, fmt.Errorf("naming client: %w", err)
	}
	return c, nil
}

func hostPort(addr string) (string, uint64, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.ParseUint(p, 10, 16)
	return host, port, err
}

// sdkOn is an SDK given every node whose connection is on node on: the
// SDK picks a node at random, so clients are made until one lands there
// (seen as a new connection in the node's connection list).
func sdkOn(dir string, nodes []*server, on *server) (naming_client.INamingClient, error) {
	for range 12 {
		before := map[string]bool{}
		for _, s := range nodes {
			for id := range connections(s) {
				before[s.base+id] = true
			}
		}
		c, err := newSDK(dir, nodes)
		if err != nil {
			return nil, err
		}
		var holder *server
		_ = waitFor(10*time.Second, func() bool {
			for _, s := range nodes {
				for id := range connections(s) {
					if !before[s.base+id] {
						holder = s
						return true
					}
				}
			}
			return false
		})
		if holder == on {
			return c, nil
		}
		c.CloseClient()
	}
	return nil, errors.New("no SDK connection landed on the node in 12 tries")
}

// connections answers the ids of a node's Nacos 2 connections.
func connections(s *server) map[string]any {
	var answer struct{ Data map[string]any }
	_ = getJSON(s.base+"/nacos/v3/admin/core/loader/current", &answer)
	return answer.Data
}

// pushLog records when each instance (ip:port) was first pushed.
type pushLog struct {
	mu    sync.Mutex
	first map[string]time.Time
}

func subscribe(c naming_client.INamingClient, service string) (*pushLog, error) {
	p := &pushLog{first: map[string]time.Time{}}
	if err := c.Subscribe(&vo.SubscribeParam{ServiceName: service, SubscribeCallback: p.callback}); err != nil {
		return nil, fmt.Errorf("subscribe to %s: %w", service, err)
	}
	return p, nil
}

func (p *pushLog) callback(instances []model.Instance, _ error) {
	at := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, in := range instances {
		key := fmt.Sprintf("%s:%d", in.Ip, in.Port)
		if _, ok := p.first[key]; !ok {
			p.first[key] = at
		}
	}
}

// at is a check that holds once key was pushed, since its push.
func (p *pushLog) at(key string) inForceAt {
	return func() (bool, time.Time) {
		p.mu.Lock()
		defer p.mu.Unlock()
		t, ok := p.first[key]
		return ok, t
	}
}
