package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/model"
	"github.com/nacos-group/nacos-sdk-go/vo"
)

// A fleet of Nacos 1 HTTP clients registers and dies without a word: the
// real nacos-sdk-go v1.0.8, subscribed to the service and beating for an
// instance of its own, sees the fleet go and its own instance stay, and the
// server logs the expiry as a summary per sweep, not a line per instance.
func TestNacosSDKGoFleetExpiry(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword, "--log-level", "info")
	client := newNamingClient(t, s, "nacos", adminPassword)
	short := map[string]string{"preserved.heart.beat.interval": "500",
		"preserved.heart.beat.timeout": "1500", "preserved.ip.delete.timeout": "3000"}

	ok, err := client.RegisterInstance(vo.RegisterInstanceParam{
		Ip: "10.9.0.1", Port: 8080, ServiceName: "fleet", Weight: 1, Enable: true, Healthy: true,
		Ephemeral: true, Metadata: short,
	})
	if err != nil || !ok {
		t.Fatalf("register the SDK's instance: %v", err)
	}
	var mu sync.Mutex
	var last []model.SubscribeService
	err = client.Subscribe(&vo.SubscribeParam{ServiceName: "fleet",
		SubscribeCallback: func(services []model.SubscribeService, err error) {
			mu.Lock()
			defer mu.Unlock()
			last = services
		}})
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}

	const fleet = 300
	token := login(t, s, adminPassword)
	// Long enough that the whole fleet is listed before any of it expires,
	// however slowly a loaded machine registers it.
	md := "preserved.heart.beat.interval=500,preserved.heart.beat.timeout=5000,preserved.ip.delete.timeout=10000"
	for i := range fleet {
		status, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), url.Values{
			"serviceName": {"fleet"}, "ip": {fmt.Sprintf("10.8.%d.%d", i/250, i%250+1)}, "port": {"7000"},
			"ephemeral": {"true"}, "metadata": {md}, "accessToken": {token}})
		if status != http.StatusOK {
			t.Fatalf("register fleet instance %d: %d %s", i, status, body)
		}
	}
	eventually(t, 20*time.Second, "the subscriber to see the fleet", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(last) == fleet+1
	})
	eventually(t, 40*time.Second, "the subscriber to see the fleet gone and its own instance kept", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(last) == 1 && last[0].Ip == "10.9.0.1"
	})

	// Every transition was logged, in summaries: the removals add up to the
	// fleet, in a few lines, and no line names an instance.
	summary := regexp.MustCompile(`msg="instances without beats".* unhealthy=(\d+) removed=(\d+)`)
	var lines, unhealthy, removed int
	eventually(t, 20*time.Second, "the summaries to count the whole fleet removed", func() bool {
		lines, unhealthy, removed = 0, 0, 0
		for _, m := range summary.FindAllStringSubmatch(s.out.String(), -1) {
			lines++
			u, _ := strconv.Atoi(m[1])
			r, _ := strconv.Atoi(m[2])
			unhealthy, removed = unhealthy+u, removed+r
		}
		return removed >= fleet
	})
	logs := s.out.String()
	if strings.Contains(logs, "missed its beats") || strings.Contains(logs, "removing instance") {
		t.Errorf("per-instance lines at INFO:\n%s", logs)
	}
	if removed != fleet || unhealthy > fleet || lines > 8 {
		t.Errorf("summaries: %d lines, %d unhealthy, %d removed; want a few, %d removed\n%s", lines, unhealthy, removed, fleet, logs)
	}
}
