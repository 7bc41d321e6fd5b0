# Dialtone. `make help` lists the targets.
SHELL := /bin/bash
GO ?= go
BIN := bin/dialtone
export CGO_ENABLED := 0
FUZZTIME ?= 30s
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: help build run test test-unit deps lint vet fmt-check staticcheck bench fuzz clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build the pure-Go binary into bin/dialtone
	$(GO) build -trimpath -o $(BIN) ./cmd/dialtone

run: build ## build and start Dialtone on its embedded SQLite default (data in ./data)
	./$(BIN) serve

deps: ## install the Debian packages the tests need, when missing
	./scripts/install-deps.sh

test: deps lint ## install test peers, lint, then run every test (unit, integration, e2e) with -race
	DIALTONE_TEST_STRICT=1 CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 15m $$($(GO) list ./... | grep -v /e2e)
	@# End-to-end tests drive real peers (baresip, sipp, Chromium) that need the
	@# machine's cores: run them alone, after the rest.
	DIALTONE_TEST_STRICT=1 CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 15m -p 1 ./e2e/...

test-unit: ## quick: unit tests only, no race detector, skips what needs missing peers
	$(GO) test -short ./...

lint: vet fmt-check staticcheck ## go vet, gofmt and staticcheck

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

staticcheck:
	$(GO) run $(STATICCHECK) ./...

bench: ## Go benchmarks and the scripted load runs; figures go to docs/BENCHMARKS.md
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz: ## run every fuzz target for FUZZTIME each
	@for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

clean: ## remove build output
	rm -rf bin
