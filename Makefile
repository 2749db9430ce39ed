# RAGVault build and test entry points. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
DEB_PACKAGES := libsqlite3-dev libsodium-dev libopenblas-dev pkg-config patch openssl python3-venv wamerican wrk

.PHONY: deps build release test demo walkthrough bench clean mutants format

# Installs the Debian packages the build needs, only when one is missing.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
	@./scripts/fetch-model.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Checks the layout against .swift-format, that the library's folders stack (no dependency circle) and that the
# committed name table is what its pinned sources give (scripts/name-table.py), builds everything once
# (tests included), runs the suite without rebuilding, then holds a live server to its
# OpenAPI contract with schemathesis, drives the MCP server with the official Python client
# (both from PyPI, in .venv-ci, where numpy for the suite's reference embedding service goes first), lets that client sign in through a real OAuth authorization
# server (authlib) to each tenant's MCP resource, tests the Python client and its framework
# retrievers with pytest against a live server, and runs the README's "your own documents"
# walk-through.
test: deps
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests
	python3 scripts/folder-graph.py
	python3 scripts/name-table.py --check
	$(SWIFT) build --build-tests
	python=$$(./scripts/python-env.sh) && RAGVAULT_PYTHON=$$python $(SWIFT) test --skip-build --parallel
	./scripts/schemathesis.sh
	./scripts/mcp-client.sh
	./scripts/oauth-e2e.sh
	./scripts/python-client.sh
	./scripts/own-documents.sh

# The main job on the embedded default: the API served over a demo data directory built from
# fixtures/ (two tenants; keys and curl lines printed once). Ctrl-C stops it.
demo: release
	.build/release/ragvault serve --demo

# The CLI tour over the same fixtures: index, search as several principals, redact, doctor.
walkthrough: build
	./scripts/walkthrough.sh

bench: release
	.build/release/ragvault bench storage

# Every mutant of mutants/ applied alone to a scratch copy, the suite run each time; fails if
# any survives (about 1.5 minutes per mutant on 2 cores). Run before a release.
mutants: deps
	./scripts/mutants.sh

# Rewrites Sources and Tests to the layout `make test` checks (.swift-format: 4 spaces, 160
# columns, layout only — no rule that changes code). Mutant patches that touch a reformatted
# line must be re-cut after.
format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests

clean:
	rm -rf .build
