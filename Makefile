# netaddr: build, test, demo. `make help` lists the targets.
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN         := bin/netaddr
# Each fuzz target runs this long in `make test`; longer runs: `make fuzz FUZZTIME=5m`.
FUZZTIME    ?= 5s
# The uid that runs the namespace suite a second time when make runs as root.
UNPRIVILEGED_UID ?= 65534

.PHONY: all build test lint unit scripts-unprivileged fuzz demo help clean

all: build

help:
	@echo "make build   build $(BIN)"
	@echo "make demo    the Python library's walkthrough in a throwaway namespace (no root)"
	@echo "make test    lint, unit tests, namespace scripts (as root and as uid $(UNPRIVILEGED_UID)), fuzz smoke"
	@echo "make fuzz    run every fuzz target for FUZZTIME (default $(FUZZTIME))"

build:
	$(GO) build -o $(BIN) ./cmd/netaddr

demo: build
	./scripts/demo.sh $(BIN)

test: lint unit scripts-unprivileged fuzz

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

unit:
	$(GO) test -count=1 ./...

# The namespace suite must pass for an ordinary user too: when make runs as
# root, run the compiled suite again under an unprivileged uid.
scripts-unprivileged:
	@if [ "$$(id -u)" != 0 ]; then echo "not root: the suite already ran as $$(id -un)"; exit 0; fi; \
	dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	$(GO) test -c -o "$$dir/testscripts.test" ./testscripts && \
	cp -r testscripts/*.txtar "$$dir/" && chmod -R a+rX "$$dir" && \
	cd "$$dir" && setpriv --reuid=$(UNPRIVILEGED_UID) --regid=$(UNPRIVILEGED_UID) --clear-groups \
		env HOME="$$dir" TMPDIR=/tmp NETADDR_SCRIPTS="$$dir" ./testscripts.test -test.count=1

fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$target $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

clean:
	rm -rf bin
