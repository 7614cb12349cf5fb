package tenancy

// public answers the implicit default namespace.
func (s *Service) public() Namespace {
	return Namespace{ID: PublicID, Name: PublicName, Desc: PublicDesc, Quota: s.opts.Quota,
		Type: TypeGlobal, ConfigCount: s.count(PublicID)}
}

func (s *Service) custom(r record) Namespace {
	return Namespace{ID: r.ID, Name: r.Name, Desc: r.Desc, Quota: s.quota(r.ID),
		Type: TypeCustom, ConfigCount: s.count(r.ID), CreatedAt: r.CreatedAt, Engine: s.ownerOf(r)}
}

// quota answers a namespace's config quota: its engine's flavor's for an
// engine's namespace, enforced; the configured one otherwise.
func (s *Service) quota(id string) int {
	if e := s.engines.Load(); e != nil {
		if limit, _, ok := e.ConfigLimit(id); ok {
			return limit
		}
	}
	return s.opts.Quota
}

// Get answers one namespace; a blank id and "public" are the default one.
func (s *Service) Get(id string) (Namespace, error) {
	if IsPublic(id) {
		return s.public(), nil
	}
	r, ok := s.view.get(id)
	if !ok {
		return Namespace{}, notFound(id)
	}
	return s.custom(r), nil
}

// Exists reports whether id names a namespace.
func (s *Service) Exists(id string) bool {
	if IsPublic(id) {
		return true
	}
	_, ok := s.view.get(id)
	return ok
}

// List answers the default namespace, then the others in creation order.
func (s *Service) List() []Namespace {
	recs := s.view.all()
	out := make([]Namespace, 0, len(recs)+1)
	out = append(out, s.public())
	for _, r := range recs {
		out = append(out, s.custom(r))
	}
	return out
}

// ownerOf answers the engine that owns a stored namespace: the one it
// names (an engine's own namespace has its id) or the one it records.
func (s *Service) ownerOf(r record) string {
	if e := s.engines.Load(); e != nil {
		if _, ok := e.view.flavorOf(r.ID); ok {
			return r.ID
		}
	}
	return r.Engine
}
