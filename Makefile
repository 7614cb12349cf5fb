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

.PHONY: all build run test deps unit e2e lint fmt vet bench clean

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
test: deps vet
	$(GO) test -race -timeout $(TEST_TIMEOUT) -count=1 ./...

deps:
	$(GO) mod download

unit:
	$(GO) test -race -short -count=1 ./...

e2e:
	$(GO) test -race -count=1 -v ./test/e2e/...

vet:
	$(GO) vet ./...

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
# binary on loopback. Figures go to docs/BENCHMARKS.md by hand.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCH_TIME) ./registry/... ./api/...
	$(GO) run ./test/bench -binary $(BIN)

clean:
	rm -rf bin $(TOOLS)
