package v3

// Paths of the naming section (Nacos's UtilsAndCommons.*_V3_ADMIN_PATH).
const (
	nsServicePath  = namingBase + "/service"
	nsInstancePath = namingBase + "/instance"
	nsClientPath   = namingBase + "/client"
	nsHealthPath   = namingBase + "/health"
	nsClusterPath  = namingBase + "/cluster"
	nsOpsPath      = namingBase + "/ops"
)

// namingRoutes are the routes of the naming section: ServiceControllerV3,
// InstanceControllerV3, ClientControllerV3, HealthControllerV3,
// ClusterControllerV3 and OperatorControllerV3.
func (a *api) namingRoutes() []route {
	return []route{
		{"POST " + nsServicePath, a.nsCreateService},
		{"PUT " + nsServicePath, a.nsUpdateService},
		{"DELETE " + nsServicePath, a.nsDeleteService},
		{"GET " + nsServicePath, a.nsServiceDetailOf},
		{"GET " + nsServicePath + "/list", a.nsListServices},
		{"GET " + nsServicePath + "/subscribers", a.nsSubscribers},
		{"GET " + nsServicePath + "/selector/types", a.nsSelectorTypes},

		{"POST " + nsInstancePath, a.nsRegisterInstance},
		{"DELETE " + nsInstancePath, a.nsDeregisterInstance},
		{"PUT " + nsInstancePath, a.nsUpdateInstance},
		{"GET " + nsInstancePath, a.nsInstanceDetail},
		{"PUT " + nsInstancePath + "/partial", a.nsPartialUpdateInstance},
		{"GET " + nsInstancePath + "/list", a.nsListInstances},
		{"PUT " + nsInstancePath + "/metadata/batch", a.nsBatchMetadata(false)},
		{"DELETE " + nsInstancePath + "/metadata/batch", a.nsBatchMetadata(true)},

		{"GET " + nsClientPath + "/list", a.nsClientList},
		{"GET " + nsClientPath, a.nsClientDetail},
		{"GET " + nsClientPath + "/publish/list", a.nsClientPublished},
		{"GET " + nsClientPath + "/subscribe/list", a.nsClientSubscribed},
		{"GET " + nsClientPath + "/service/publisher/list", a.nsServicePublishers},
		{"GET " + nsClientPath + "/service/subscriber/list", a.nsServiceSubscribers},

		{"PUT " + nsHealthPath + "/instance", a.nsUpdateHealth},
		{"GET " + nsHealthPath + "/checkers", a.nsHealthCheckers},
		{"PUT " + nsClusterPath, a.nsUpdateCluster},

		{"GET " + nsOpsPath + "/metrics", a.nsMetricsOf},
		{"PUT " + nsOpsPath + "/log", a.nsSetLogLevel},
		{"GET " + nsOpsPath + "/switches", a.nsSwitches},
		{"PUT " + nsOpsPath + "/switches", a.nsUpdateSwitch},
	}
}
