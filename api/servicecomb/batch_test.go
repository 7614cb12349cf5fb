package servicecomb

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
)

// The batch find answer as it was encoded before it was assembled from
// the cached encodings: the oracle the assembled bytes must equal.
type legacyUpdated struct {
	Index     int            `json:"index"`
	Rev       string         `json:"rev"`
	Instances []*sc.Instance `json:"instances"`
}

type legacyResult struct {
	Failed      []findFailed    `json:"failed,omitempty"`
	NotModified []int           `json:"notModified,omitempty"`
	Updated     []legacyUpdated `json:"updated,omitempty"`
}

func legacyEncode(res *sc.BatchResult) *legacyResult {
	out := &legacyResult{NotModified: res.NotModified}
	for _, u := range res.Updated {
		out.Updated = append(out.Updated, legacyUpdated{u.Index, u.Rev, u.Instances})
	}
	byCode := map[string]int{}
	for _, f := range res.Failed {
		e, detail := classify(f.Err)
		if i, seen := byCode[e.code]; seen {
			out.Failed[i].Indexes = append(out.Failed[i].Indexes, f.Index)
			continue
		}
		byCode[e.code] = len(out.Failed)
		out.Failed = append(out.Failed, findFailed{Indexes: []int{f.Index}, Error: errorBody{e.code, e.msg, detail}})
	}
	return out
}

// legacyAnswer runs body's queries on the registry and encodes the answer
// as json.Encoder did.
func legacyAnswer(t *testing.T, r *sc.Registry, consumer, body string) []byte {
	t.Helper()
	var b batchBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	services, instances, err := b.queries()
	if err != nil {
		t.Fatal(err)
	}
	if consumer == "" {
		consumer = b.ConsumerServiceID
	}
	out := map[string]*legacyResult{}
	if len(services) > 0 {
		res, err := r.BatchFindServices(context.Background(), "default", consumer, services)
		if err != nil {
			t.Fatal(err)
		}
		out["services"] = legacyEncode(res)
	}
	if len(instances) > 0 {
		out["instances"] = legacyEncode(r.BatchFindInstances("default", instances))
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wireList is what a client reads of one list of the answer.
type wireList struct {
	Updated []struct {
		Index     int               `json:"index"`
		Rev       string            `json:"rev"`
		Instances []json.RawMessage `json:"instances"`
	} `json:"updated"`
	NotModified []int `json:"notModified"`
	Failed      []struct {
		Indexes []int     `json:"indexes"`
		Error   errorBody `json:"error"`
	} `json:"failed"`
}

// shape is a list's updated and notModified indexes and its failed
// indexes by error code.
type shape struct {
	updated, notModified []int
	failed               map[string][]int
}

func shapeOf(l *wireList) shape {
	if l == nil {
		return shape{}
	}
	s := shape{notModified: l.NotModified}
	for _, u := range l.Updated {
		s.updated = append(s.updated, u.Index)
	}
	for _, f := range l.Failed {
		if s.failed == nil {
			s.failed = map[string][]int{}
		}
		s.failed[f.Error.ErrorCode] = f.Indexes
	}
	return s
}

// TestBatchFindAnswer checks mixes of updated, not modified and failed
// items: each answer's bytes are what encoding the registry's result did,
// and each item lands where service-center puts it (an item whose rev is
// current is not modified and carries no instances; failures are grouped
// by error code).
func TestBatchFindAnswer(t *testing.T) {
	h, r := newRig(t)
	orders := rigService(t, h, "orders")
	i1 := rigInstance(t, h, orders, `{"hostName":"h1","endpoints":["rest://10.0.0.1:80"],"properties":{"note":"<a&b> ü \u2028 \"q\""}}`)
	rigInstance(t, h, orders, `{"hostName":"h2","endpoints":["rest://10.0.0.2:80","highway://10.0.0.2:81"],"healthCheck":{"mode":"push","interval":30,"times":3}}`)
	pay := rigService(t, h, "pay")
	rigInstance(t, h, pay, `{"hostName":"p","endpoints":["rest://10.0.1.1:80"]}`)
	rigService(t, h, "empty")
	shop := rigService(t, h, "shop")

	rev := func(name string) string {
		rec := serve(h, "GET", reg+"/instances?appId=default&serviceName="+name+"&version=latest", "")
		return rec.Header().Get(HeaderRevision)
	}
	ordersRev, payRev, emptyRev := rev("orders"), rev("pay"), rev("empty")
	first := serve(h, "POST", reg+"/instances/action?type=query", `{"instances":[{"instance":{"serviceId":"`+orders+`","instanceId":"`+i1+`"}}]}`)
	var got map[string]*wireList
	if err := json.Unmarshal(first.Body.Bytes(), &got); err != nil || len(got["instances"].Updated) != 1 {
		t.Fatalf("instance find: %d %s", first.Code, first.Body)
	}
	i1Rev := got["instances"].Updated[0].Rev

	svc := func(name, version, rev string) string {
		return `{"service":{"appId":"default","serviceName":"` + name + `","version":"` + version + `"},"rev":"` + rev + `"}`
	}
	inst := func(sid, iid, rev string) string {
		return `{"instance":{"serviceId":"` + sid + `","instanceId":"` + iid + `"},"rev":"` + rev + `"}`
	}
	list := func(items ...string) string { return "[" + strings.Join(items, ",") + "]" }
	cases := []struct {
		name, body, consumer string
		services, instances  shape
	}{
		{name: "all updated",
			body:     `{"services":` + list(svc("orders", "latest", ""), svc("pay", "0+", ""), svc("empty", "", "")) + `}`,
			services: shape{updated: []int{0, 1, 2}}},
		{name: "all not modified",
			body:     `{"services":` + list(svc("orders", "latest", ordersRev), svc("pay", "latest", payRev), svc("empty", "latest", emptyRev)) + `}`,
			services: shape{notModified: []int{0, 1, 2}}},
		{name: "updated, not modified and failed",
			body: `{"services":` + list(svc("orders", "latest", ordersRev), svc("pay", "latest", "stale"), svc("nope", "latest", ""),
				svc("orders", "1..2", ""), svc("empty", "latest", emptyRev), svc("pay", "3.0.0", ""), svc("gone", "", "x"), svc("a b", "", "")) + `}`,
			services: shape{updated: []int{1, 5}, notModified: []int{0, 4}, failed: map[string][]int{"400012": {2, 6}, "400001": {3, 7}}}},
		{name: "instances",
			body:      `{"instances":` + list(inst(orders, i1, ""), inst(orders, i1, i1Rev), inst(orders, "nope", ""), inst("nope", "x", "")) + `}`,
			instances: shape{updated: []int{0}, notModified: []int{1}, failed: map[string][]int{"400017": {2}, "400012": {3}}}},
		{name: "services and instances, consumer in the body",
			body: `{"consumerServiceId":"` + shop + `","services":` + list(svc("orders", "latest", "0"), svc("nope", "", "")) +
				`,"instances":` + list(inst(orders, i1, i1Rev)) + `}`,
			services:  shape{updated: []int{0}, failed: map[string][]int{"400012": {1}}},
			instances: shape{notModified: []int{0}}},
		{name: "consumer in the header", consumer: shop,
			body:     `{"services":` + list(svc("pay", "latest", payRev), svc("orders", "latest", "")) + `}`,
			services: shape{updated: []int{1}, notModified: []int{0}}},
		{name: "only failures",
			body:     `{"services":` + list(svc("nope", "", ""), svc("x", "", "")) + `}`,
			services: shape{failed: map[string][]int{"400012": {0, 1}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := legacyAnswer(t, r, c.consumer, c.body)
			req := httptest.NewRequest("POST", reg+"/instances/action?type=query", strings.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			if c.consumer != "" {
				req.Header.Set("X-ConsumerId", c.consumer)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json;charset=UTF-8" {
				t.Fatalf("answered %d %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			if !bytes.Equal(rec.Body.Bytes(), want) {
				t.Fatalf("answer\n%s\nwant (as encoded before)\n%s", rec.Body, want)
			}
			var got map[string]*wireList
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if s := shapeOf(got["services"]); !sameShape(s, c.services) {
				t.Errorf("services %+v, want %+v", s, c.services)
			}
			if s := shapeOf(got["instances"]); !sameShape(s, c.instances) {
				t.Errorf("instances %+v, want %+v", s, c.instances)
			}
			for _, l := range got {
				for _, u := range l.Updated {
					if u.Rev == "" || u.Instances == nil {
						t.Errorf("updated item %d without rev or instances: %s", u.Index, rec.Body)
					}
				}
			}
		})
	}
}

func sameShape(a, b shape) bool {
	return slices.Equal(a.updated, b.updated) && slices.Equal(a.notModified, b.notModified) &&
		(len(a.failed) == 0 && len(b.failed) == 0 || reflect.DeepEqual(a.failed, b.failed))
}

// TestBatchFindBadInputs: a batch that cannot be read is refused whole
// with service-center's 400001, and records no dependency of its consumer.
func TestBatchFindBadInputs(t *testing.T) {
	h, r := newRig(t)
	rigService(t, h, "orders")
	shop := rigService(t, h, "shop")
	many := make([]string, maxBatch+1)
	for i := range many {
		many[i] = `{"service":{"serviceName":"orders"}}`
	}
	cases := []struct{ name, query, body string }{
		{"no type", "", `{"services":[{"service":{"serviceName":"orders"}}]}`},
		{"no body", "?type=query", ``},
		{"not an object", "?type=query", `[{"service":{"serviceName":"orders"}}]`},
		{"not JSON", "?type=query", `{"services":[{"service":`},
		{"trailing data", "?type=query", `{"services":[{"service":{"serviceName":"orders"}}]} {}`},
		{"services not a list", "?type=query", `{"services":{"service":{"serviceName":"orders"}}}`},
		{"rev a number", "?type=query", `{"services":[{"service":{"serviceName":"orders"},"rev":1}]}`},
		{"service null", "?type=query", `{"services":[{"service":null}]}`},
		{"one item without a name", "?type=query", `{"services":[{"service":{"serviceName":"orders"}},{"service":{"appId":"default"}}]}`},
		{"instance without its id", "?type=query", `{"services":[{"service":{"serviceName":"orders"}}],"instances":[{"instance":{"serviceId":"x"}}]}`},
		{"too many", "?type=query", `{"services":[` + strings.Join(many, ",") + `]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", reg+"/instances/action"+c.query, strings.NewReader(c.body))
			req.Header.Set("X-ConsumerId", shop)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			answer{rec.Code, rec.Header(), rec.Body.String()}.wantError(t, http.StatusBadRequest, "400001")
		})
	}
	providers, err := r.Providers("default", shop)
	if err != nil || len(providers) != 0 {
		t.Fatalf("bad batches recorded providers %+v (%v)", providers, err)
	}
	// The same consumer's readable batch records its provider.
	req := httptest.NewRequest("POST", reg+"/instances/action?type=query", strings.NewReader(`{"services":[{"service":{"serviceName":"orders"}}]}`))
	req.Header.Set("X-ConsumerId", shop)
	h.ServeHTTP(httptest.NewRecorder(), req)
	if providers, err := r.Providers("default", shop); err != nil || len(providers) != 1 {
		t.Fatalf("a good batch recorded providers %+v (%v)", providers, err)
	}
}

// FuzzBatchAnswer: whatever the revs, instances and errors, the assembled
// answer is the bytes encoding/json gives for the same result.
func FuzzBatchAnswer(f *testing.F) {
	f.Add("1a2b", "h", "v", 0, true)
	f.Add("<&>\"\\\u2028\x00é", "\xff", "</script>", 7, false)
	f.Fuzz(func(t *testing.T, rev, host, prop string, index int, withFailure bool) {
		instances := []*sc.Instance{{InstanceID: "i", ServiceID: "s", HostName: host, Endpoints: []string{"rest://" + host},
			Status: "UP", Properties: map[string]string{prop: prop}}}
		res := &sc.BatchResult{
			Updated:     []sc.BatchUpdated{{Index: index, Rev: rev, Instances: instances, JSON: mustMarshal(instances)}},
			NotModified: []int{index + 1},
		}
		if withFailure {
			res.Failed = []sc.BatchFailed{{Index: index, Err: registry.Errorf(registry.KindServiceNotFound, "%s", prop)}}
		}
		for _, lists := range [][2]*sc.BatchResult{{res, nil}, {nil, res}, {res, res}} {
			rec := httptest.NewRecorder()
			writeBatchAnswer(rec, lists[0], lists[1])
			want := map[string]*legacyResult{}
			if lists[0] != nil {
				want["services"] = legacyEncode(lists[0])
			}
			if lists[1] != nil {
				want["instances"] = legacyEncode(lists[1])
			}
			var buf bytes.Buffer
			if err := json.NewEncoder(&buf).Encode(want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(rec.Body.Bytes(), buf.Bytes()) {
				t.Fatalf("answer\n%q\nwant\n%q", rec.Body, buf.Bytes())
			}
		}
	})
}
