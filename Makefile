# kscsim: `make run` runs the default scenario, `make test` runs every test,
# `make bench` measures the engine and the model against references in the same run.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
RELEASE_BIN := .build/release

.PHONY: all deps build release run test cluster-test bench clean

all: build

## deps: install the system packages kscsim needs (libgsl-dev, pkg-config) when missing.
deps:
	@if ! pkg-config --exists gsl 2>/dev/null; then \
		echo "installing libgsl-dev and pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libgsl-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## run: build in release mode and run the default scenario (Models/default.yaml).
run: release
	$(RELEASE_BIN)/kscsim run

## test: every Swift Testing suite.
test: deps
	$(SWIFT) test

## cluster-test: a real single-node Slurm runs a sweep; its merge must equal a local run.
cluster-test: release
	bash Tests/cluster/slurm-test.sh

## bench: engine and model throughput and memory beside a C reference, measured now.
bench: release
	bash Benchmarks/bench.sh

clean:
	rm -rf .build Benchmarks/bin
