package v3

// coreRoutes are the routes of the core section (seed 003 §5): server
// state and probes, ops, the cluster of one node, the gRPC connection
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
	return []route{
		{"GET " + state, a.serverState},
		{"GET " + state + "/liveness", a.liveness},
		{"GET " + state + "/readiness", a.readiness},
		{"GET " + ops + "/readiness", a.readiness},
		{"POST " + ops + "/raft", a.raftOps},
		{"GET " + ops + "/ids", a.ids},
		{"PUT " + ops + "/log", a.updateLog},
		{"GET " + cluster + "/node/self", a.nodeSelf},
		{"GET " + cluster + "/node/list", a.nodeList},
		{"PUT " + cluster + "/node/list", a.updateNodes},
		{"PUT " + cluster + "/lookup", a.updateLookup},
		{"GET " + loader + "/current", a.currentClients},
		{"POST " + loader + "/reloadCurrent", a.reloadCurrent},
		{"POST " + loader + "/smartReloadCluster", a.smartReload},
		{"POST " + loader + "/reloadClient", a.reloadClient},
		{"GET " + loader + "/cluster", a.loaderMetrics},
		{"GET " + ns + "/list", a.namespaceList},
		{"GET " + ns, a.namespaceGet},
		{"POST " + ns, a.namespaceCreate},
		{"PUT " + ns, a.namespaceUpdate},
		{"DELETE " + ns, a.namespaceDelete},
		{"GET " + ns + "/check", a.namespaceCheck},
		{"GET " + plugin + "/list", a.pluginList},
		{"GET " + plugin + "/detail", a.pluginDetail},
		{"GET " + plugin + "/availability", a.pluginAvailability},
		{"PUT " + plugin + "/status", a.pluginStatus},
		{"PUT " + plugin + "/config", a.pluginConfig},
	}
}
