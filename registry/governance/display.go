package governance

// Display is a traffic definition with the policies bound to it, the
// answer shape of the CSE display and list-by-kind APIs (GovPolicyDetail).
// MatchGroup is nil for the policies whose traffic definition is not
// listed (see DisplayKind).
type Display struct {
	MatchGroup *Policy   `json:"matchGroup"`
	Policies   []*Policy `json:"policies"`
}

// Display answers every match group of project whose selector passes the
// environment ("all" for any) and app filter, in creation order, each with
// the policies bound to it: any kind but match group, the same name and
// the same environment (ServiceComb's environments never share rules),
// in the filter too.
func (r *Registry) Display(project, environment, app string) []Display {
	return r.DisplayKind(project, KindMatchGroup, environment, app)
}

// DisplayKind answers Display narrowed to the policies of kind; for
// KindMatchGroup it is Display. Narrowed to a policy kind, match groups
// without such a policy are left out, and the policies bound to no listed
// match group come last under a nil MatchGroup, so that none is hidden.
func (r *Registry) DisplayKind(project string, kind Kind, environment, app string) []Display {
	all := r.view.project(project, func(p *Policy) bool { return inScope(p.Selector, environment, app) })
	out := []Display{}
	bound := map[*Policy]bool{}
	for _, g := range all {
		if g.Kind != KindMatchGroup {
			continue
		}
		d := Display{MatchGroup: g, Policies: []*Policy{}}
		for _, p := range all {
			if p.Kind != KindMatchGroup && p.Name == g.Name && p.Selector.Environment == g.Selector.Environment &&
				(kind == KindMatchGroup || p.Kind == kind) {
				d.Policies = append(d.Policies, p)
				bound[p] = true
			}
		}
		if kind == KindMatchGroup || len(d.Policies) > 0 {
			out = append(out, d)
		}
	}
	if kind == KindMatchGroup {
		return out
	}
	orphans := []*Policy{}
	for _, p := range all {
		if p.Kind == kind && !bound[p] {
			orphans = append(orphans, p)
		}
	}
	if len(orphans) > 0 {
		out = append(out, Display{Policies: orphans})
	}
	return out
}
