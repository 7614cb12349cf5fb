package tenancy

import "github.com/causeway-dev/causeway/registry/naming"

// Flavor is a capacity class of CSE engines (seed 004 §5.3.1). In the
// managed cloud it sizes a dedicated cluster; here it sizes a tenant, and
// its limits are enforced: services and instances in the naming write path
// (naming.Limits), the others reported.
type Flavor struct {
	Name        string
	Description string
	// CPUMemory, Linear and Prefix are the seed's EngineSpec, answered as
	// the managed cloud describes the class.
	CPUMemory string
	Linear    bool
	Prefix    string

	MaxServices  int
	MaxInstances int
	MaxConfigs   int
	MaxXDSConns  int
}

// Limits answers what the naming registry enforces for the flavor.
func (f Flavor) Limits() naming.Limits {
	return naming.Limits{Services: f.MaxServices, Instances: f.MaxInstances}
}

// flavors are the seed's four classes, smallest first. Instances follow
// the managed cloud's sizes; services equal instances as in the seed's
// example (serviceLimit = instanceLimit = 200 for medium2).
var flavors = []Flavor{
	{"cse.s1.small2", "up to 100 microservice instances", "2-4", false, "s,c,t", 100, 100, 600, 100},
	{"cse.s1.medium2", "up to 200 microservice instances", "4-8", false, "s,c,t", 200, 200, 1200, 200},
	{"cse.s1.large2", "up to 500 microservice instances", "8-16", false, "s,c,t", 500, 500, 3000, 500},
	{"cse.s1.xlarge2", "up to 2000 microservice instances", "16-32", false, "s,c,t", 2000, 2000, 12000, 2000},
}

// Flavors answers every flavor, smallest first.
func Flavors() []Flavor { return append([]Flavor(nil), flavors...) }

// FlavorByName answers the named flavor.
func FlavorByName(name string) (Flavor, bool) {
	for _, f := range flavors {
		if f.Name == name {
			return f, true
		}
	}
	return Flavor{}, false
}
