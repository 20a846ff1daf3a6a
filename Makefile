# kscsim: `make run` runs the default scenario, `make test` runs every test,
# `make bench` measures the engine and the model against references in the same run.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
RELEASE_BIN := .build/release
# The commit the binaries are built from (`kscsim --version`, every resolved scenario); passed
# in the environment so that SwiftPM re-reads Package.swift whenever it changes.
KSCSIM_GIT_BUILD := $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell [ -n "$$(git status --porcelain 2>/dev/null)" ] && echo -dirty)
export KSCSIM_GIT_BUILD

.PHONY: all deps build release run test format lint fuzz dist dist-test report-test cluster-test spreadsheet-test notebooks-test results venv bench clean
VENV := Notebooks/.venv

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

## format: apply swift-format (.swift-format: 4 spaces, lines of at most 120 columns).
format:
	$(SWIFT) format format --in-place --recursive --parallel --configuration .swift-format Package.swift Sources Tests Benchmarks

## lint: swift-format finds nothing to change (CI runs it first).
lint:
	$(SWIFT) format lint --strict --recursive --parallel --configuration .swift-format Package.swift Sources Tests Benchmarks

## fuzz: a longer run of the structure-aware scenario fuzzer (make test runs 3,000 inputs).
FUZZ_COUNT ?= 50000
FUZZ_SEED ?= 1
fuzz: deps
	KSCSIM_FUZZ_COUNT=$(FUZZ_COUNT) KSCSIM_FUZZ_SEED=$(FUZZ_SEED) $(SWIFT) test --filter FuzzTests

## dist: dist/kscsim-<version>-linux-<arch>.tar.gz, a binary with the Swift runtime and GSL
## linked statically (it needs only glibc and libstdc++), the README, the licence and Models/.
dist: deps
	bash Scripts/dist.sh dist

## dist-test: the tarball's binary loads no Swift or GSL library and, with the toolchain and
## libgsl hidden, reproduces the golden run byte for byte.
dist-test: dist release
	bash Tests/dist/check.sh dist/kscsim-$$(.build-dist/release/kscsim --version | cut -d' ' -f1)-linux-$$(uname -m).tar.gz

## cluster-test: a real single-node Slurm runs a sweep; its merge must equal a local run.
cluster-test: release
	bash Tests/cluster/slurm-test.sh

## spreadsheet-test: LibreOffice (headless) opens summary, latency, aggregate and sweep files in
## English and French settings; every numeric column must read as numbers.
spreadsheet-test: release
	@command -v soffice >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui; }
	tmp=$$(mktemp -d) && python3 Tests/spreadsheet/check.py $(RELEASE_BIN)/kscsim $$tmp && rm -rf $$tmp

## report-test: kscsim report pages opened in headless Chromium (installs chromium and
## chromium-driver when missing): no console error, every figure drawn; screenshots in out/test-artifacts/.
report-test: release
	bash Tests/browser/report-test.sh

## venv: the notebook environment (pandas, matplotlib, papermill) from Notebooks/requirements.txt.
venv: $(VENV)/.installed
$(VENV)/.installed: Notebooks/requirements.txt
	@command -v python3 >/dev/null || { echo "python3 is needed for the notebooks"; exit 1; }
	@python3 -m venv --help >/dev/null 2>&1 && python3 -c "import ensurepip" 2>/dev/null || { \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv; }
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Notebooks/requirements.txt
	touch $@

## results: rerun every study into Results/ and execute the notebooks (figures, answers).
results: release venv
	bash Notebooks/make-results.sh Results

## notebooks-test: every notebook on small fresh results in a temporary folder.
notebooks-test: release venv
	tmp=$$(mktemp -d) && bash Notebooks/make-results.sh $$tmp --small && rm -rf $$tmp

## bench: engine and model throughput and memory beside a C reference, measured now.
bench: release
	bash Benchmarks/bench.sh

clean:
	rm -rf .build .build-dist dist Benchmarks/bin $(VENV)
