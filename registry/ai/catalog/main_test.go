package catalog

import (
	"os"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// TestMain lets CAUSEWAY_TEST_STORE=etcd run the suite on a shared etcd
// cluster (see enginetest), stopped at the end.
func TestMain(m *testing.M) { os.Exit(enginetest.Main(m)) }
