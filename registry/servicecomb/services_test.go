package servicecomb

import (
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

func TestCreateServiceKeepsOneIDPerIdentity(t *testing.T) {
	r, nr := newTestRegistry(t)
	id := create(t, r, "orders", "")
	if again := create(t, r, "orders", ""); again != id || len(id) != 40 {
		t.Fatalf("ids %q then %q", id, again)
	}
	s, err := r.GetService("default", id)
	if err != nil || s.AppID != "default" || s.Version != DefaultVersion || s.Level != "BACK" || s.Status != "UP" || s.Timestamp == "" {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	if _, err := nr.GetService(naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}); err != nil {
		t.Fatalf("the Nacos service was not created: %v", err)
	}
	custom := create(t, r, "orders", "2.0.0", func(in *CreateInput) { in.Service.ServiceID = "my-id" })
	if custom != "my-id" {
		t.Fatalf("custom id answered %q", custom)
	}
	_, err = r.CreateService(ctx, "default", CreateInput{Service: Microservice{ServiceID: "other", ServiceName: "orders", Version: "2.0.0"}})
	wantKind(t, err, registry.KindServiceExists)
	_, err = r.CreateService(ctx, "default", CreateInput{Service: Microservice{ServiceID: "my-id", ServiceName: "pay"}})
	wantKind(t, err, registry.KindServiceExists)
	if got := r.ListServices("default"); len(got) != 2 || got[0].ServiceID != id || got[1].ServiceID != "my-id" {
		t.Fatalf("list: %+v", got)
	}
	if got, err := r.ExistService("default", "", "default", "orders", "latest"); err != nil || got != "my-id" {
		t.Fatalf("existence latest: %q %v", got, err)
	}
	if got, err := r.ExistService("default", "", "", "orders", "0.0.1"); err != nil || got != id {
		t.Fatalf("existence 0.0.1: %q %v", got, err)
	}
	_, err = r.ExistService("default", "production", "default", "orders", "0.0.1")
	wantKind(t, err, registry.KindServiceNotFound)
}

func TestCreateServiceRefusesBadInput(t *testing.T) {
	r, _ := newTestRegistry(t)
	long := strings.Repeat("a", 129)
	cases := map[string]CreateInput{
		"no name":           {Service: Microservice{}},
		"bad name":          {Service: Microservice{ServiceName: "-x"}},
		"long name":         {Service: Microservice{ServiceName: long}},
		"bad app":           {Service: Microservice{ServiceName: "a", AppID: "a b"}},
		"bad version":       {Service: Microservice{ServiceName: "a", Version: "1.x"}},
		"five parts":        {Service: Microservice{ServiceName: "a", Version: "1.2.3.4.5"}},
		"bad environment":   {Service: Microservice{ServiceName: "a", Environment: "prod"}},
		"bad level":         {Service: Microservice{ServiceName: "a", Level: "TOP"}},
		"bad status":        {Service: Microservice{ServiceName: "a", Status: "OUTOFSERVICE"}},
		"bad registerBy":    {Service: Microservice{ServiceName: "a", RegisterBy: "ME"}},
		"long id":           {Service: Microservice{ServiceName: "a", ServiceID: strings.Repeat("i", 65)}},
		"bad schema id":     {Service: Microservice{ServiceName: "a", Schemas: []string{"a b"}}},
		"reserved property": {Service: Microservice{ServiceName: "a", Properties: map[string]string{"servicecomb.x": "1"}}},
		"mixed rules": {Service: Microservice{ServiceName: "a"}, Rules: []Rule{
			{RuleType: "WHITE", Attribute: "AppId", Pattern: "a"}, {RuleType: "BLACK", Attribute: "AppId", Pattern: "b"}}},
		"bad rule pattern":   {Service: Microservice{ServiceName: "a"}, Rules: []Rule{{RuleType: "WHITE", Attribute: "AppId", Pattern: "("}}},
		"bad rule attribute": {Service: Microservice{ServiceName: "a"}, Rules: []Rule{{RuleType: "WHITE", Attribute: "Colour", Pattern: "a"}}},
		"bad rule type":      {Service: Microservice{ServiceName: "a"}, Rules: []Rule{{RuleType: "GREY", Attribute: "AppId", Pattern: "a"}}},
		"bad tag":            {Service: Microservice{ServiceName: "a"}, Tags: map[string]string{"1x": "a"}},
		"instance without endpoint": {Service: Microservice{ServiceName: "a"},
			Instances: []Instance{{HostName: "h"}}},
	}
	for name, in := range cases {
		_, err := r.CreateService(ctx, "default", in)
		if registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got := r.ListServices("default"); len(got) > 1 { // the instance case stores its service first
		t.Fatalf("refused creates stored %d services", len(got))
	}
}

func TestUpdateServiceProperties(t *testing.T) {
	r, _ := newTestRegistry(t)
	id := create(t, r, "orders", "1.0.0")
	if err := r.UpdateProperties(ctx, "default", id, map[string]string{"a": "1"}); err != nil {
		t.Fatal(err)
	}
	if s, _ := r.GetService("default", id); s.Properties["a"] != "1" {
		t.Fatalf("properties: %v", s.Properties)
	}
	wantKind(t, r.UpdateProperties(ctx, "default", "nope", nil), registry.KindServiceNotFound)
	wantKind(t, r.UpdateProperties(ctx, "default", id, map[string]string{"": "x"}), registry.KindInvalid)
}

func TestDeleteService(t *testing.T) {
	r, _ := newTestRegistry(t)
	provider := create(t, r, "orders", "1.0.0")
	consumer := create(t, r, "web", "1.0.0")
	register(t, r, provider, "rest://10.0.0.1:80")
	if err := r.PutSchemas(ctx, "default", provider, []Schema{{SchemaID: "s1", Schema: "x"}}); err != nil {
		t.Fatal(err)
	}
	find(t, r, FindQuery{ConsumerID: consumer, ServiceName: "orders"})

	wantKind(t, r.DeleteService(ctx, "default", provider, false), registry.KindServiceHasInstances)
	in, _ := r.ListInstances("default", provider)
	if err := r.Deregister(ctx, "default", provider, in[0].InstanceID); err != nil {
		t.Fatal(err)
	}
	wantKind(t, r.DeleteService(ctx, "default", provider, false), registry.KindServiceHasConsumers)
	if ps, _ := r.Providers("default", consumer); len(ps) != 1 || ps[0].ServiceID != provider {
		t.Fatalf("providers: %+v", ps)
	}
	if err := r.DeleteService(ctx, "default", provider, true); err != nil {
		t.Fatal(err)
	}
	wantKind(t, r.DeleteService(ctx, "default", provider, true), registry.KindServiceNotFound)
	if ps, _ := r.Providers("default", consumer); len(ps) != 0 {
		t.Fatalf("providers after delete: %+v", ps)
	}
	res, err := r.DeleteServices(ctx, "default", []string{consumer, "nope"}, false)
	if err != nil || len(res) != 2 || res[0].Err != nil || res[1].Err == nil {
		t.Fatalf("batch delete: %+v %v", res, err)
	}
	_, err = r.DeleteServices(ctx, "default", nil, false)
	wantKind(t, err, registry.KindInvalid)
}

func TestForceDeleteDeregistersInstances(t *testing.T) {
	r, nr := newTestRegistry(t)
	id := create(t, r, "orders", "1.0.0")
	register(t, r, id, "rest://10.0.0.1:80")
	register(t, r, id, "rest://10.0.0.2:80")
	if err := r.DeleteService(ctx, "default", id, true); err != nil {
		t.Fatal(err)
	}
	list, err := nr.ListInstances(naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}, naming.Query{IncludeDisabled: true})
	if err == nil && len(list.Instances) != 0 {
		t.Fatalf("instances left: %d", len(list.Instances))
	}
}

func TestSchemas(t *testing.T) {
	r, _ := newTestRegistry(t)
	id := create(t, r, "orders", "1.0.0")
	prod := create(t, r, "pay", "1.0.0", func(in *CreateInput) { in.Service.Environment = "production" })
	if err := r.PutSchemas(ctx, "default", id, []Schema{{SchemaID: "a", Schema: "one"}, {SchemaID: "b", Schema: "two", Summary: "s"}}); err != nil {
		t.Fatal(err)
	}
	sc, err := r.GetSchema("default", id, "a")
	if err != nil || sc.Schema != "one" || len(sc.Summary) != 64 {
		t.Fatalf("get: %+v %v", sc, err)
	}
	if s, _ := r.GetService("default", id); strings.Join(s.Schemas, ",") != "a,b" {
		t.Fatalf("service schemas: %v", s.Schemas)
	}
	if list, _ := r.ListSchemas("default", id); len(list) != 2 || list[1].Summary != "s" {
		t.Fatalf("list: %+v", list)
	}
	_, err = r.GetSchema("default", id, "c")
	wantKind(t, err, registry.KindSchemaNotFound)
	_, err = r.GetSchema("default", "nope", "a")
	wantKind(t, err, registry.KindServiceNotFound)
	if err := r.PutSchemas(ctx, "default", prod, []Schema{{SchemaID: "a", Schema: "one"}}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, r.PutSchemas(ctx, "default", prod, []Schema{{SchemaID: "a", Schema: "changed"}}), registry.KindNotAllowed)
	for name, bad := range map[string][]Schema{
		"none":      nil,
		"no id":     {{Schema: "x"}},
		"no schema": {{SchemaID: "a"}},
		"bad id":    {{SchemaID: "a b", Schema: "x"}},
		"too large": {{SchemaID: "a", Schema: strings.Repeat("x", maxSchemaBytes+1)}},
	} {
		if err := r.PutSchemas(ctx, "default", id, bad); registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
}
