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
		{"POST " + nsServicePath, a.nsCreateService, 0},
		{"PUT " + nsServicePath, a.nsUpdateService, 0},
		{"DELETE " + nsServicePath, a.nsDeleteService, 0},
		{"GET " + nsServicePath, a.nsServiceDetailOf, 0},
		{"GET " + nsServicePath + "/list", a.nsListServices, 0},
		{"GET " + nsServicePath + "/subscribers", a.nsSubscribers, 0},
		{"GET " + nsServicePath + "/selector/types", a.nsSelectorTypes, 0},

		{"POST " + nsInstancePath, a.nsRegisterInstance, 0},
		{"DELETE " + nsInstancePath, a.nsDeregisterInstance, 0},
		{"PUT " + nsInstancePath, a.nsUpdateInstance, 0},
		{"GET " + nsInstancePath, a.nsInstanceDetail, 0},
		{"PUT " + nsInstancePath + "/partial", a.nsPartialUpdateInstance, 0},
		{"GET " + nsInstancePath + "/list", a.nsListInstances, 0},
		{"PUT " + nsInstancePath + "/metadata/batch", a.nsBatchMetadata(false), 0},
		{"DELETE " + nsInstancePath + "/metadata/batch", a.nsBatchMetadata(true), 0},

		{"GET " + nsClientPath + "/list", a.nsClientList, 0},
		{"GET " + nsClientPath, a.nsClientDetail, 0},
		{"GET " + nsClientPath + "/publish/list", a.nsClientPublished, 0},
		{"GET " + nsClientPath + "/subscribe/list", a.nsClientSubscribed, 0},
		{"GET " + nsClientPath + "/service/publisher/list", a.nsServicePublishers, 0},
		{"GET " + nsClientPath + "/service/subscriber/list", a.nsServiceSubscribers, 0},

		{"PUT " + nsHealthPath + "/instance", a.nsUpdateHealth, 0},
		{"GET " + nsHealthPath + "/checkers", a.nsHealthCheckers, 0},
		{"PUT " + nsClusterPath, a.nsUpdateCluster, 0},

		{"GET " + nsOpsPath + "/metrics", a.nsMetricsOf, 0},
		{"PUT " + nsOpsPath + "/log", a.namingLog, 0},
		{"GET " + nsOpsPath + "/switches", a.nsSwitches, 0},
		{"PUT " + nsOpsPath + "/switches", a.nsUpdateSwitch, 0},
	}
}
