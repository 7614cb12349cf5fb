package servicecomb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
)

// CreateInput is a microservice as a client creates it (seed 004 table
// 8-28): the definition, black/white rules, tags and instances to
// register with it.
type CreateInput struct {
	Service   Microservice
	Rules     []Rule
	Tags      map[string]string
	Instances []Instance
}

// DeriveServiceID is the id of a microservice created without one: a
// digest of its identity, so the same service registered again gets the
// same id.
func DeriveServiceID(project string, s *Microservice) string {
	sum := sha256.Sum256([]byte("default/" + identity(project, s)))
	return hex.EncodeToString(sum[:20]) // 40 hex digits, service-center's length
}

// CreateService stores a microservice and answers its id. Creating one
// that exists with the same identity answers its id again (and registers
// the given instances); a client-chosen id taken by another microservice,
// or an identity taken under another id, is KindServiceExists.
func (r *Registry) CreateService(ctx context.Context, project string, in CreateInput) (string, error) {
	s := in.Service
	if err := r.checkCreate(&s, &in); err != nil {
		return "", err
	}
	id, err := r.storeService(ctx, project, &s, &in)
	if err != nil {
		return "", err
	}
	for i := range in.Instances {
		if _, err := r.RegisterInstance(ctx, project, id, in.Instances[i]); err != nil {
			return "", err
		}
	}
	return id, nil
}

func (r *Registry) checkCreate(s *Microservice, in *CreateInput) error {
	if err := normalizeService(s); err != nil {
		return err
	}
	if err := checkRules(in.Rules); err != nil {
		return err
	}
	if err := checkTags(in.Tags); err != nil {
		return err
	}
	return checkProperties("properties", s.Properties)
}

func (r *Registry) storeService(ctx context.Context, project string, s *Microservice, in *CreateInput) (string, error) {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if existing := r.view.byIdentity(project, s); existing != "" {
			if s.ServiceID != "" && s.ServiceID != existing {
				return "", registry.Errorf(registry.KindServiceExists, "Micro-service already exists: %s has id %s", s.ServiceName, existing)
			}
			return existing, r.ensureNamingService(ctx, project, s)
		}
		if s.ServiceID == "" {
			s.ServiceID = DeriveServiceID(project, s)
		}
		if r.view.service(project, s.ServiceID) != nil {
			return "", registry.Errorf(registry.KindServiceExists, "Micro-service already exists: id %s is taken", s.ServiceID)
		}
		now := r.timestamp()
		s.Timestamp, s.ModTimestamp = now, now
		for i := range in.Rules {
			in.Rules[i].Timestamp, in.Rules[i].ModTimestamp = now, now
			if in.Rules[i].RuleID == "" {
				in.Rules[i].RuleID = registry.NewID()
			}
		}
		rec := record{Project: project, Service: *s, Rules: in.Rules, Tags: in.Tags}
		key := serviceKey(project, s.ServiceID)
		ok, err := r.commit(ctx, "create microservice", []store.Cmp{store.Absent(key)}, store.Put(key, mustJSON(&rec)))
		if err != nil {
			return "", err
		}
		if ok {
			return s.ServiceID, r.ensureNamingService(ctx, project, s)
		}
	}
	return "", registry.Conflict("create microservice")
}

// ensureNamingService gives the microservice's instances their Nacos
// service, so Nacos lists it before any instance registers. An existing
// one is left as it is.
func (r *Registry) ensureNamingService(ctx context.Context, project string, s *Microservice) error {
	k := namingKey(project, s.AppID, s.ServiceName)
	if _, err := r.naming.GetService(k); err == nil {
		return nil
	}
	md := map[string]string{}
	if s.Environment != "" {
		md["environment"] = s.Environment
	}
	err := r.naming.CreateService(ctx, naming.Service{Key: k, Ephemeral: true, Selector: naming.Selector{Type: "none"}, Metadata: md})
	if registry.KindOf(err) == registry.KindServiceExists {
		return nil
	}
	return err
}

// GetService answers one microservice; KindServiceNotFound when none.
func (r *Registry) GetService(project, id string) (*Microservice, error) {
	s := r.view.service(project, id)
	if s == nil {
		return nil, serviceNotFound(id)
	}
	return &s.rec.Service, nil
}

// ListServices answers a project's microservices in creation order.
func (r *Registry) ListServices(project string) []*Microservice {
	all := r.view.list(project)
	out := make([]*Microservice, len(all))
	for i, s := range all {
		out[i] = &s.rec.Service
	}
	return out
}

// ExistService answers the id of the microservice of env, app and name
// whose version the rule selects (the highest, when several).
func (r *Registry) ExistService(project, env, app, name, versionRule string) (string, error) {
	if app == "" {
		app = registry.DefaultApp
	}
	rule, err := ParseVersionRule(versionRule)
	if err != nil {
		return "", err
	}
	named := r.view.named(nameKey{project, env, app, name})
	versions := make([]string, len(named))
	for i, s := range named {
		versions[i] = s.rec.Service.Version
	}
	best := ""
	var bestV version
	for i, keep := range rule.selects(versions) {
		v, _ := parseVersion(versions[i])
		if keep && (best == "" || bestV.less(v)) {
			best, bestV = named[i].rec.Service.ServiceID, v
		}
	}
	if best == "" {
		return "", registry.Errorf(registry.KindServiceNotFound, "Micro-service does not exist: %s/%s/%s %s", env, app, name, versionRule)
	}
	return best, nil
}

// UpdateProperties replaces a microservice's properties.
func (r *Registry) UpdateProperties(ctx context.Context, project, id string, props map[string]string) error {
	if err := checkProperties("properties", props); err != nil {
		return err
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur := r.view.service(project, id)
		if cur == nil {
			return serviceNotFound(id)
		}
		next := *cur.rec
		next.Service.Properties = props
		next.Service.ModTimestamp = r.timestamp()
		key := serviceKey(project, id)
		ok, err := r.commit(ctx, "update microservice", []store.Cmp{store.Unchanged(key, cur.revision)}, store.Put(key, mustJSON(&next)))
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict("update microservice")
}

// mustJSON encodes the package's plain records, which cannot fail.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(errors.New("servicecomb: encode: " + err.Error()))
	}
	return b
}
