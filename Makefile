# netaddr: build, test, demo. `make help` lists the targets.
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN         := bin/netaddr
# Each fuzz target runs this many inputs in `make test` (a count, not a
# time: a time limit fails with "context deadline exceeded" when a loaded
# machine stalls a worker at the deadline). Shrinking a new interesting
# input is bounded too (-fuzzminimizetime), or it can take a minute each.
# Longer runs: `make fuzz FUZZTIME=5m`.
FUZZTIME    ?= 20000x
# The uid that runs the namespace suite a second time when make runs as root.
UNPRIVILEGED_UID ?= 65534
# make install: where, and under which root (DESTDIR, for packagers).
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DATADIR     ?= $(PREFIX)/share
INSTALL     ?= install
# make deb: nfpm, pinned (v2.45.2 builds with go1.26), run with go run.
NFPM        ?= $(GO) run github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2
DEB_ARCH    ?= $(shell $(GO) env GOARCH)
# The package version: the newest vX.Y.Z tag (v1.2.0-3-gabc1234 becomes
# 1.2.0+3.gabc1234), else 0.0.0~git and the commit.
DEB_VERSION ?= $(shell v=$$(git describe --tags --match 'v[0-9]*' 2>/dev/null) && \
	echo "$${v\#v}" | sed 's/-\([0-9]*\)-g/+\1.g/' || \
	echo "0.0.0~git$$(git rev-parse --short HEAD 2>/dev/null || echo unknown)")
DEB         := dist/netaddr_$(DEB_VERSION)_$(DEB_ARCH).deb

.PHONY: all build bench bench-go test lint man-check unit scripts-unprivileged fuzz demo help clean generate install deb

all: build

help:
	@echo "make build   build $(BIN)"
	@echo "make demo    the Python library's walkthrough in a throwaway namespace (no root)"
	@echo "make test    lint, unit tests, namespace scripts (as root and as uid $(UNPRIVILEGED_UID)), fuzz smoke"
	@echo "make bench   Go benchmarks, then netaddr vs iproute2 side by side in throwaway namespaces (no root; minutes)"
	@echo "make fuzz    run every fuzz target for FUZZTIME (default $(FUZZTIME))"
	@echo "make generate  write man/ and completions/ from the command tree (checked in)"
	@echo "make install   binary, man pages, completions under DESTDIR/PREFIX (default $(PREFIX))"
	@echo "make deb     a Debian package in dist/, built with nfpm"

# netaddr is built without cgo: it needs nothing from the C library, and a
# static binary skips the dynamic loader, about 2 ms of every start on the
# machines measured (README, Benchmarks).
build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/netaddr

# BENCHFLAGS passes options to netaddr-bench, e.g. BENCHFLAGS='-runs 31 -only veths'.
BENCHFLAGS  ?=

bench: build bench-go
	$(GO) build -o bin/netaddr-bench ./cmd/netaddr-bench
	bin/netaddr-bench -netaddr $(BIN) $(BENCHFLAGS)

# Decoders, the JSON writer and the table renderer, with allocations.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/rtnl ./internal/render

demo: build
	./scripts/demo.sh $(BIN)

test: lint unit scripts-unprivileged fuzz

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	@$(MAKE) --no-print-directory man-check

# Every page renders without a warning from man (groff -ww underneath).
man-check:
	@set -e; for page in man/*.8; do \
		err=$$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$$page" 2>&1 >/dev/null); \
		if [ -n "$$err" ]; then echo "$$page: $$err"; exit 1; fi; \
	done; echo "man pages render without warnings"

# man/ and completions/ come from the cobra tree and internal/gen/text.go;
# a test (internal/gen) fails when the checked-in files are not current.
generate:
	$(GO) run ./cmd/netaddr-gen .

install: build
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/netaddr
	$(INSTALL) -m 0644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	@set -e; \
	inst() { if [ -f "$$1" ]; then $(INSTALL) -d "$$(dirname "$$2")" && $(INSTALL) -m 0644 "$$1" "$$2" && echo "$$1 -> $$2"; fi; }; \
	inst completions/netaddr.bash "$(DESTDIR)$(DATADIR)/bash-completion/completions/netaddr"; \
	inst completions/_netaddr "$(DESTDIR)$(DATADIR)/zsh/vendor-completions/_netaddr"; \
	inst completions/netaddr.fish "$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/netaddr.fish"

# The package's files are staged in build/deb as nfpm.yaml names them: the
# binary, the man pages gzipped (Debian policy), the three completions.
# The binary carries the package's version for --version.
deb:
	rm -rf build/deb && mkdir -p build/deb/man dist
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-X github.com/netaddr/netaddr/internal/cli.version=$(DEB_VERSION)" \
		-o build/deb/netaddr ./cmd/netaddr
	for page in man/*.8; do gzip -9n <"$$page" >"build/deb/man/$$(basename "$$page").gz"; done
	cp completions/netaddr.bash completions/_netaddr completions/netaddr.fish build/deb/
	NFPM_VERSION=$(DEB_VERSION) NFPM_ARCH=$(DEB_ARCH) $(NFPM) package --config nfpm.yaml --packager deb --target $(DEB)
	@echo "$(DEB)"

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
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 100x $$pkg; \
		done; \
	done

clean:
	rm -rf bin build dist
