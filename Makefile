# Junction: make run | make test | make bench
SHELL := /bin/bash

# Build with a JDK 21 or newer: the Temurin 25 JDK beside the system one when present.
JDK_CANDIDATES := /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64
JAVA_HOME ?= $(firstword $(foreach d,$(JDK_CANDIDATES),$(wildcard $(d))))
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
MVN := mvn -B -ntp

PORT ?= 8080
DATA_DIR ?= ./var
RESOURCES ?= docs/examples/demo.yaml
JUNCTION_AUTH_USERNAME ?= foo
JUNCTION_AUTH_PASSWORD ?= bar
export JUNCTION_AUTH_USERNAME JUNCTION_AUTH_PASSWORD

JAR := infra/target/junction.jar
SOURCES := $(shell find pom.xml api-contract command-side query-side saga infra -name '*.java' -o -name '*.xml' -o -name '*.yaml' -o -name '*.json' -o -name '*.sql' 2>/dev/null | grep -v /target/)

.PHONY: run test bench build clean check-jdk

check-jdk:
	@if [ -z "$(JAVA_HOME)" ] || [ ! -x "$(JAVA)" ]; then \
	  echo "Junction needs a JDK 21 or newer (looked in: $(JDK_CANDIDATES)); set JAVA_HOME" >&2; exit 1; fi
	@command -v mvn >/dev/null || { echo "installing Maven"; apt-get update -qq && apt-get install -y -qq maven; }

$(JAR): $(SOURCES) | check-jdk
	$(MVN) -q -DskipTests install

build: $(JAR)

## Start one broker on the embedded default (PostgreSQL and a MongoDB-wire server under $(DATA_DIR)).
run: $(JAR)
	$(JAVA) -jar $(JAR) --server.port=$(PORT) --junction.resources=$(RESOURCES) --junction.data-dir=$(DATA_DIR)

## Every test: unit and aggregate tests, API tests, and the two-broker process tests.
test: check-jdk
	$(MVN) verify

## Benchmarks (see docs/benchmarks.md).
bench: $(JAR)
	JUNCTION_JAR=$(JAR) $(MVN) -q -pl infra -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test='*Benchmark' -Dfailsafe.failIfNoSpecifiedTests=false -Djunction.bench=true verify

clean:
	$(MVN) -q clean
