# xenha-agents: `make` builds, `make check` runs every test, `make install DESTDIR=… PREFIX=/usr`.
SHELL := /bin/bash
PREFIX ?= /usr
DESTDIR ?=
BATS := node_modules/bats/bin/bats
unexport NODE_EXTRA_CA_CERTS

.PHONY: all build typecheck metadata metadata-check unit bats ocf-tester root-tests check install bench demo setup clean

all: build

# npm ci installs exactly the committed lockfile and never rewrites it; order-only (| below):
# only a missing install triggers it, never a newer package.json in the middle of a test run.
NODE_MODULES := node_modules/.package-lock.json
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_MODULES)

build: | $(NODE_MODULES)
	node build/bundle.mjs

typecheck: | $(NODE_MODULES)
	npx tsc -p tsconfig.json

metadata: build
	node build/metadata.mjs --write

metadata-check: build
	node build/metadata.mjs --check

unit: | $(NODE_MODULES)
	npm test --silent

# Every bats file except the ones that need root and namespaces (test/cluster).
bats: build
	BATS_LIB_PATH="$(CURDIR)/node_modules" $(BATS) --print-output-on-failure $$(find test -name '*.bats' -not -path 'test/cluster/*' | sort)

# Suites that start sshd, namespaces or real clusters: they need root (CI is root).
root-tests: build
	@if [ "$$(id -u)" != 0 ]; then echo "root-tests: skipped (need root)"; exit 0; fi; \
	files=$$(find test/cluster -name '*.bats' 2>/dev/null | sort); \
	if [ -n "$$files" ]; then BATS_LIB_PATH="$(CURDIR)/node_modules" $(BATS) --print-output-on-failure $$files; fi

check: | $(NODE_MODULES)
	bash build/check.sh

install: build
	DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" node build/install.mjs

bench: build
	bash bench/run.sh

demo: build
	bash demo/run.sh

setup:
	bash build/setup-debian.sh

clean:
	rm -rf dist

# Packages and man pages (docs/packaging.md): dist/xenha-agents_<version>_all.deb,
# dist/xenha-agents-<version>-1.noarch.rpm, dist/man/. They use node_modules as it is (never
# `npm install` it: a worktree's node_modules is a symlink older than package.json).
.PHONY: man deb rpm
PACKAGING_NEEDS_NODE_MODULES = @test -d node_modules/esbuild || { echo "node_modules is missing: run make setup (or npm ci)" >&2; exit 1; }
man:
	$(PACKAGING_NEEDS_NODE_MODULES)
	node build/bundle.mjs
	node build/manpages.mjs

deb:
	$(PACKAGING_NEEDS_NODE_MODULES)
	node build/bundle.mjs
	node build/package.mjs deb

rpm:
	$(PACKAGING_NEEDS_NODE_MODULES)
	node build/bundle.mjs
	node build/package.mjs rpm
