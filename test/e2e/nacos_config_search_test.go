package e2e

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nacos-group/nacos-sdk-go/v2/vo"
	v1vo "github.com/nacos-group/nacos-sdk-go/vo"
)

// The real SDKs' SearchConfig (GET /nacos/v1/cs/configs?search=...):
// nacos-sdk-go v1.0.8 and v2, against the real binary with auth on; then a
// 10 MiB config (Nacos's default maxContent) over HTTP with the v1 SDK.
func TestNacosSDKConfigSearchAndTenMiB(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	c1 := newConfigClient(t, s, "nacos", adminPassword)
	c2 := newConfigClientV2(t, s, "nacos", adminPassword)
	for _, id := range []string{"orders.yaml", "orders.json"} {
		if ok, err := c1.PublishConfig(v1vo.ConfigParam{DataId: id, Group: "shop", Content: "x: " + id}); !ok || err != nil {
			t.Fatalf("publish %s: %v %v", id, ok, err)
		}
	}
	if ok, err := c2.PublishConfig(vo.ConfigParam{DataId: "users.yaml", Group: "shop", Content: "x: users.yaml", AppName: "shop-app"}); !ok || err != nil {
		t.Fatalf("publish users.yaml: %v %v", ok, err)
	}
	dataIDs := func(items []string) string { sort.Strings(items); return strings.Join(items, " ") }

	page, err := c1.SearchConfig(v1vo.SearchConfigParam{Search: "blur", DataId: "orders.*", Group: "shop"})
	if err != nil || page == nil || page.TotalCount != 2 || len(page.PageItems) != 2 {
		t.Fatalf("v1 blur: %+v %v", page, err)
	}
	var got []string
	for _, it := range page.PageItems {
		got = append(got, it.DataId)
		if it.Content != "x: "+it.DataId || it.Group != "shop" {
			t.Fatalf("v1 blur item %+v", it)
		}
	}
	if dataIDs(got) != "orders.json orders.yaml" {
		t.Fatalf("v1 blur found %v", got)
	}
	page, err = c1.SearchConfig(v1vo.SearchConfigParam{Search: "accurate", DataId: "users.yaml", Group: "shop", AppName: "shop-app"})
	if err != nil || page == nil || page.TotalCount != 1 || page.PageItems[0].DataId != "users.yaml" {
		t.Fatalf("v1 accurate: %+v %v", page, err)
	}

	page2, err := c2.SearchConfig(vo.SearchConfigParam{Search: "blur", DataId: "*.yaml", Group: "sh*", PageNo: 1, PageSize: 1})
	if err != nil || page2 == nil || page2.TotalCount != 2 || page2.PagesAvailable != 2 || len(page2.PageItems) != 1 {
		t.Fatalf("v2 blur: %+v %v", page2, err)
	}
	if _, err := strconv.ParseInt(page2.PageItems[0].Id.String(), 10, 64); err != nil {
		t.Fatalf("v2 item id %q: %v", page2.PageItems[0].Id, err)
	}

	// 10 MiB over HTTP (v1 SDK form post) and back, auth on: the SDK
	// sends its token in the form body, next to the content.
	c1 = newConfigClient(t, start(t, "", "--admin-password", adminPassword), "nacos", adminPassword)
	big := strings.Repeat("abcdefgh", (10<<20)/8)
	if ok, err := c1.PublishConfig(v1vo.ConfigParam{DataId: "big", Group: "shop", Content: big}); !ok || err != nil {
		t.Fatalf("v1 publish 10 MiB: %v %v", ok, err)
	}
	if got, err := c1.GetConfig(v1vo.ConfigParam{DataId: "big", Group: "shop"}); err != nil || got != big {
		t.Fatalf("v1 get 10 MiB: %d bytes, %v", len(got), err)
	}
	if ok, err := c1.PublishConfig(v1vo.ConfigParam{DataId: "big2", Group: "shop", Content: big + "x"}); ok || err == nil ||
		!strings.Contains(err.Error(), "invalid content, over 10485760") {
		t.Fatalf("v1 publish 10 MiB + 1: %v %v", ok, err)
	}
}
