package v3

import "github.com/causeway-dev/causeway/api/nacos/nacosform"

// coreRoutes are the routes of the core section (seed 003 §5): server
// state and probes, ops, the cluster's members, the gRPC connection
// loader, namespaces and plugins.
func (a *api) coreRoutes() []route {
	const (
		state   = coreBase + "/state"
		ops     = coreBase + "/ops"
		cluster = coreBase + "/cluster"
		loader  = coreBase + "/loader"
		ns      = coreBase + "/namespace"
		plugin  = coreBase + "/plugin"
	)
	// The namespace routes (NamespaceControllerV3) serve the namespaces of
	// the v1 and v2 console APIs with v2's handlers, but take a create
	// without namespaceId (see nacosform.Namespaces.AbsentIDIsEmpty).
	nsh := nacosform.Namespaces{Svc: a.deps.Namespaces, AbsentIDIsEmpty: true}
	return []route{
		{"GET " + state, a.serverState, 0},
		{"GET " + state + "/liveness", a.liveness, 0},
		{"GET " + state + "/readiness", a.readiness, 0},
		{"GET " + ops + "/readiness", a.readiness, 0},
		{"POST " + ops + "/raft", a.raftOps, 0},
		{"GET " + ops + "/ids", a.ids, 0},
		{"PUT " + ops + "/log", a.coreLog, 0},
		{"GET " + cluster + "/node/self", a.nodeSelf, 0},
		{"GET " + cluster + "/node/list", a.nodeList, 0},
		{"PUT " + cluster + "/node/list", a.updateNodes, 0},
		{"PUT " + cluster + "/lookup", a.updateLookup, 0},
		{"GET " + loader + "/current", a.currentClients, 0},
		{"POST " + loader + "/reloadCurrent", a.reloadCurrent, 0},
		{"POST " + loader + "/smartReloadCluster", a.smartReload, 0},
		{"POST " + loader + "/reloadClient", a.reloadClient, 0},
		{"GET " + loader + "/cluster", a.loaderMetrics, 0},
		{"GET " + ns + "/list", nsh.List, 0},
		{"GET " + ns, nsh.Get, 0},
		{"POST " + ns, nsh.Create, 0},
		{"PUT " + ns, nsh.Update, 0},
		{"DELETE " + ns, nsh.Delete, 0},
		{"GET " + ns + "/check", nsh.Check, 0},
		{"GET " + plugin + "/list", a.pluginList, 0},
		{"GET " + plugin + "/detail", a.pluginDetail, 0},
		{"GET " + plugin + "/availability", a.pluginAvailability, 0},
		{"PUT " + plugin + "/status", a.pluginStatus, 0},
		{"PUT " + plugin + "/config", a.pluginConfig, 0},
	}
}
