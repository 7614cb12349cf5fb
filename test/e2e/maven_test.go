package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// mavenJar is one of the tests' Maven projects (a real Java client or
// provider), built once per test binary and not at all while its jar is
// newer than its pom and sources. Without java and mvn on PATH the tests
// that need it skip.
type mavenJar struct {
	dir  string // the project, relative to the module root
	jar  string // the jar's name under target/
	what string // what it is, for messages

	once sync.Once
	path string
	err  error
}

// Every Maven project of the tests.
var (
	javaClientJar       = &mavenJar{dir: "test/nacos/java-client", jar: "java-client.jar", what: "the Nacos Java SDK driver"}
	java1ClientJar      = &mavenJar{dir: "test/nacos/java1-client", jar: "java1-client.jar", what: "the Nacos 1.4 Java SDK scenario"}
	javaProviderJar     = &mavenJar{dir: "test/dubbo/java-provider", jar: "java-provider.jar", what: "the Java Dubbo provider"}
	maintainerClientJar = &mavenJar{dir: "test/nacos/maintainer-client", jar: "maintainer-client.jar", what: "the Nacos 3 Maintainer SDK scenarios"}
)

// build answers the jar's path, building it first when it is stale.
func (m *mavenJar) build(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"java", "mvn"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s on PATH: %s needs a JDK 17 and Maven", tool, m.what)
		}
	}
	m.once.Do(func() {
		dir := filepath.Join(moduleRoot(), m.dir)
		m.path = filepath.Join(dir, "target", m.jar)
		if fresh(m.path, filepath.Join(dir, "pom.xml"), filepath.Join(dir, "src")) {
			return
		}
		begin := time.Now()
		cmd := exec.Command("mvn", "-q", "-B", "-DskipTests", "package")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			m.err = fmt.Errorf("build %s: %w\n%s", m.what, err, out)
			return
		}
		t.Logf("built %s in %v", m.path, time.Since(begin).Round(time.Millisecond))
	})
	if m.err != nil {
		t.Fatal(m.err)
	}
	return m.path
}
