# Junction: make run | make test | make bench
SHELL := /bin/bash

# Build with a JDK 21 or newer: the Temurin 25 JDK beside the system one when present.
JDK_CANDIDATES := /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64
JAVA_HOME ?= $(firstword $(foreach d,$(JDK_CANDIDATES),$(wildcard $(d))))
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
MVN := mvn -B -ntp

PORT ?= 8080
# A small footprint for one broker (docs/operator-guide.md): heap, code cache, metaspace and thread stacks
# bounded, a serial collector (little native memory of its own), few malloc arenas (set where it runs).
JVM_OPTS ?= -Xms240m -Xmx240m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=200m -Xss512k -XX:MaxDirectMemorySize=64m
DATA_DIR ?= ./var
RESOURCES ?= docs/examples/demo.yaml
SERVICES ?= docs/examples/services.yaml
JUNCTION_AUTH_USERNAME ?= foo
JUNCTION_AUTH_PASSWORD ?= bar
export JUNCTION_AUTH_USERNAME JUNCTION_AUTH_PASSWORD

JAR := infra/target/junction.jar
SOURCES := $(shell find pom.xml api-contract command-side query-side saga infra -name '*.java' -o -name '*.xml' -o -name '*.yaml' -o -name '*.json' -o -name '*.sql' 2>/dev/null | grep -v /target/)

.PHONY: run test fuzz bench bench-http build clean check-jdk engine images conformance

check-jdk:
	@if [ -z "$(JAVA_HOME)" ] || [ ! -x "$(JAVA)" ]; then \
	  echo "Junction needs a JDK 21 or newer (looked in: $(JDK_CANDIDATES)); set JAVA_HOME" >&2; exit 1; fi
	@command -v mvn >/dev/null || { echo "installing Maven"; apt-get update -qq && apt-get install -y -qq maven; }

$(JAR): $(SOURCES) | check-jdk
	$(MVN) -q -DskipTests package

build: $(JAR)

## A Docker engine for service instances (docs/containers.md): started, and installed from Debian's
## docker.io, when none answers. `make run` goes on without one; `make test` and `make images` need it.
ENGINE := ENGINE_LOG_DIR=$(DATA_DIR) infra/images/ensure-engine.sh
engine:
	@$(ENGINE) --required

## The contract test images (infra/images/*) as junction/<name>:dev; each is rebuilt only when its files changed.
images: engine
	infra/images/build.sh

## Start one broker on the embedded default (PostgreSQL and a MongoDB-wire server under $(DATA_DIR)).
run: $(JAR)
	@$(ENGINE)
	@if docker version >/dev/null 2>&1; then infra/images/build.sh || echo "some images did not build (see above)"; fi
	MALLOC_ARENA_MAX=2 $(JAVA) $(JVM_OPTS) -jar $(JAR) --server.port=$(PORT) --junction.resources=$(RESOURCES) \
	  --junction.instances.catalog=$(SERVICES) --junction.data-dir=$(DATA_DIR)

## Every test: unit and aggregate tests, API tests, and the two-broker process tests.
test: check-jdk engine
	$(MVN) verify

## The hostile-input fuzz suite at length (`make test` runs 300 requests of it); FUZZ_SEED replays a failed run.
FUZZ_ITERATIONS ?= 5000
fuzz: check-jdk
	$(MVN) -pl infra -am verify -DskipITs -Dtest=HostileInputFuzzApiTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Djunction.fuzz.iterations=$(FUZZ_ITERATIONS) $(if $(FUZZ_SEED),-Djunction.fuzz.seed=$(FUZZ_SEED))

## The OSB conformance suite (docs/conformance.md): against a Junction it starts with its test plans, or, with
## OSB_URL (and OSB_USER, OSB_PASSWORD, OSB_SERVICE, OSB_PLAN; OSB_ASYNC=false for a synchronous one), any broker.
OSB_URL ?=
OSB_USER ?=
OSB_PASSWORD ?=
OSB_SERVICE ?=
OSB_PLAN ?=
OSB_ASYNC ?= true
conformance: check-jdk $(if $(OSB_URL),,engine)
	$(MVN) -pl infra -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test='*Conformance' -Dfailsafe.failIfNoSpecifiedTests=false \
	  $(if $(OSB_URL),'-Dosb.url=$(OSB_URL)' '-Dosb.user=$(OSB_USER)' '-Dosb.password=$(OSB_PASSWORD)' \
	  '-Dosb.service=$(OSB_SERVICE)' '-Dosb.plan=$(OSB_PLAN)' '-Dosb.async=$(OSB_ASYNC)')

## Benchmarks (see docs/benchmarks.md); BENCH_SECONDS, BENCH_CLIENTS, BENCH_PIPES, BENCH_EVENTS size them.
BENCH_SECONDS ?= 60
BENCH_CLIENTS ?= 32
BENCH_PIPES ?= 100000
BENCH_EVENTS ?= 1000000
BENCH_JVM ?= $(JVM_OPTS)
BENCH_PHASES ?= load,rebuild,propagation,instances,http
BENCH_PROPAGATION_RATE ?= 100
BENCH_PROPAGATION_ROUNDS ?= 300
BENCH_PROPAGATION_WARMUP ?= 40
bench: check-jdk
	@$(ENGINE)
	$(MVN) -pl infra -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=JunctionBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Djunction.bench=true \
	  -Dbench.seconds=$(BENCH_SECONDS) -Dbench.clients=$(BENCH_CLIENTS) -Dbench.pipes=$(BENCH_PIPES) \
	  -Dbench.events=$(BENCH_EVENTS) -Dbench.phases=$(BENCH_PHASES) \
	  -Dbench.propagation-rate=$(BENCH_PROPAGATION_RATE) -Dbench.propagation-rounds=$(BENCH_PROPAGATION_ROUNDS) -Dbench.propagation-warmup=$(BENCH_PROPAGATION_WARMUP) "-Djunction.it.jvm-args=$(BENCH_JVM)"
	@cat infra/target/bench-results.md
	@if echo "$(BENCH_PHASES)" | grep -q http; then $(MAKE) --no-print-directory bench-http; fi

## The pipe API measured from outside the JVM, as users see it: wrk (from Debian's packages when missing) against
## one broker started as `make run` starts it; BENCH_HTTP_SECONDS per load after BENCH_HTTP_WARMUP seconds of
## creations. Writes infra/target/bench-http.md.
BENCH_HTTP_SECONDS ?= 15
BENCH_HTTP_WARMUP ?= 10
bench-http: $(JAR)
	@command -v wrk >/dev/null || { echo "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk; }
	JAR=$(JAR) JAVA=$(JAVA) JVM_OPTS="$(JVM_OPTS)" WARMUP=$(BENCH_HTTP_WARMUP) bench/http/run.sh $(BENCH_HTTP_SECONDS) | tee infra/target/bench-http.md

clean:
	$(MVN) -q clean
