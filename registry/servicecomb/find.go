package servicecomb

import (
	"context"
	"hash/fnv"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// FindQuery is a find (seed 004 §8.5.8, 002): the instances of one app and
// name in an environment whose versions the rule selects, as the consumer
// may see them.
type FindQuery struct {
	Project     string
	ConsumerID  string // X-ConsumerId; its rules and dependency apply
	AppID       string
	ServiceName string
	Version     VersionRule
	Env         string
	Tags        []string // the providers must have each tag
}

// FindResult is a find's answer. It is shared between callers that asked
// the same while the service did not change: never modify it.
type FindResult struct {
	Instances []*Instance
	// Rev is a digest of the answer, as service-center's revision is: a
	// client that holds it is told "not modified" until the answer to its
	// own query changes, whatever other queries of the service see.
	Rev string

	body []byte
	base int64 // the service revision the answer was made at
	// The query's app and name, validated before the answer was made: a
	// query that finds its answer cached is not validated again.
	appID, serviceName string
}

// JSON answers the instances encoded as a JSON array, encoded once per
// answer: a hot find of an unchanged service costs a map look-up.
func (f *FindResult) JSON() []byte { return f.body }

func newFindResult(q *FindQuery, instances []*Instance, base int64) *FindResult {
	body := mustJSON(instances)
	h := fnv.New64a()
	_, _ = h.Write(body) // a hash.Hash never fails to write
	return &FindResult{Instances: instances, Rev: strconv.FormatUint(h.Sum64(), 16), body: body, base: base,
		appID: q.AppID, serviceName: q.ServiceName}
}

// Find answers the instances a find selects. A find naming a consumer
// records that the consumer depends on the app and name. KindServiceNotFound
// when neither a microservice nor a Nacos service has the app and name.
func (r *Registry) Find(ctx context.Context, q FindQuery) (*FindResult, error) {
	if q.AppID == "" {
		q.AppID = registry.DefaultApp
	}
	ck := q.cacheKey()
	cached := r.finds.peek(ck)
	// The name checks are regular expressions, most of a cached find's
	// cost, and a batch makes one find per item: a query whose answer is
	// cached passed them. The key joins fields with NULs, which names may
	// hold, so the cached answer must be of this very app and name.
	if cached == nil || cached.appID != q.AppID || cached.serviceName != q.ServiceName {
		cached = nil
		if err := checkFindNames(&q); err != nil {
			return nil, err
		}
	}
	k := namingKey(q.Project, q.AppID, q.ServiceName)
	nrev := r.naming.ServiceVersion(k)
	if nrev == 0 && !r.view.anyNamed(q.Project, q.AppID, q.ServiceName) {
		return nil, registry.Errorf(registry.KindServiceNotFound, "Micro-service does not exist: %s/%s", q.AppID, q.ServiceName)
	}
	if err := r.recordDependency(ctx, q); err != nil {
		return nil, err
	}
	base := max(nrev, r.view.namedRevision(q.Project, q.AppID, q.ServiceName))
	if c := r.view.service(q.Project, q.ConsumerID); c != nil {
		// Rules match the consumer's tags and fields, which change
		// apart from the provider's: a cached answer older than the
		// consumer's record may have applied the rules to what it was.
		base = max(base, c.revision)
	}
	if cached != nil && cached.base == base {
		return cached, nil
	}
	res := newFindResult(&q, r.selectInstances(q, k), base)
	r.finds.put(ck, res)
	return res, nil
}

func checkFindNames(q *FindQuery) error {
	if err := checkPattern("serviceName", q.ServiceName, namePattern, 128); err != nil {
		return err
	}
	return checkPattern("appId", q.AppID, namePattern, 160)
}

func (q *FindQuery) cacheKey() string {
	return strings.Join([]string{q.Project, q.ConsumerID, q.AppID, q.ServiceName, q.Version.String(), q.Env,
		strings.Join(q.Tags, ",")}, "\x00")
}

// selectInstances applies the query to the naming service's instances.
func (r *Registry) selectInstances(q FindQuery, k naming.ServiceKey) []*Instance {
	list, err := r.naming.ListInstances(k, naming.Query{IncludeDisabled: true})
	if err != nil {
		return []*Instance{}
	}
	var candidates []*naming.Instance
	var versions []string
	consumer := r.view.service(q.Project, q.ConsumerID)
	for _, in := range list.Instances {
		if environmentOf(in) != q.Env || !r.visible(q, in, consumer) {
			continue
		}
		candidates = append(candidates, in)
		v := in.Metadata[metaVersion]
		if v == "" {
			v = DefaultVersion
		}
		versions = append(versions, v)
	}
	out := []*Instance{}
	for i, keep := range q.Version.selects(versions) {
		if keep {
			out = append(out, fromNaming(q.Project, candidates[i]))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].InstanceID < out[j].InstanceID })
	return out
}

// visible applies the provider's tags and black/white rules: an instance
// registered through Nacos has no microservice, so no tags and no rules.
func (r *Registry) visible(q FindQuery, in *naming.Instance, consumer *service) bool {
	provider := r.view.service(q.Project, in.Metadata[metaServiceID])
	if provider == nil {
		return len(q.Tags) == 0
	}
	for _, t := range q.Tags {
		if _, ok := provider.rec.Tags[t]; !ok {
			return false
		}
	}
	return allowed(provider.rec, consumer)
}

// allowed answers whether the provider's rules let the consumer in: a
// white list admits a consumer one rule matches, a black list refuses it.
// A consumer that is not a microservice is admitted only where there are
// no rules.
func allowed(provider *record, consumer *service) bool {
	if len(provider.Rules) == 0 {
		return true
	}
	if consumer == nil {
		return false
	}
	matched := false
	for _, rule := range provider.Rules {
		if re, err := regexp.Compile(rule.Pattern); err == nil && re.MatchString(attribute(consumer.rec, rule.Attribute)) {
			matched = true
			break
		}
	}
	return matched == (provider.Rules[0].RuleType == "WHITE")
}

func attribute(c *record, a string) string {
	if tag, ok := strings.CutPrefix(a, "tag_"); ok {
		return c.Tags[tag]
	}
	s := &c.Service
	switch ruleAttribute(a) {
	case "ServiceId":
		return s.ServiceID
	case "AppId":
		return s.AppID
	case "ServiceName":
		return s.ServiceName
	case "Version":
		return s.Version
	case "Description":
		return s.Description
	case "Level":
		return s.Level
	case "Status":
		return s.Status
	}
	return ""
}

// findCache keeps the newest answer of each find query; an answer is good
// while the service revision it was made at is current.
type findCache struct {
	mu sync.RWMutex
	m  map[string]*FindResult
}

// maxCachedFinds bounds the cache; when full it starts over, which costs
// one recomputation per live query.
const maxCachedFinds = 8192

func (c *findCache) init() { c.m = map[string]*FindResult{} }

// peek answers the newest answer of key, current or not: the caller
// compares its revision.
func (c *findCache) peek(key string) *FindResult {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[key]
}

func (c *findCache) put(key string, res *FindResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedFinds {
		c.m = map[string]*FindResult{}
	}
	c.m[key] = res
}
