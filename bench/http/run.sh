#!/usr/bin/env bash
# The pipe API measured from outside the JVM, as users see it: one broker started as `make run` starts it
# (JAVA, JVM_OPTS, a fresh data directory), 1,000 pipes and db/pipes/bench made first, a 10 s warm-up, then
# three wrk loads (-t2 -c16, keep-alive) of SECONDS each, and the OSB catalog (the example service catalog,
# read once its stencils' metadata is, when a container engine answers). Prints a Markdown table. WARMUP (seconds, default
# 10) sets the warm-up: the JIT compilers still use a third of the CPU after 10 s on 2 cores.
# Usage: JAR=… JAVA=… JVM_OPTS=… [WARMUP=…] bench/http/run.sh [SECONDS] [PORT]
set -u
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-15}; port=${2:-8311}; data=$(mktemp -d)
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null; rm -rf "$data"' EXIT
MALLOC_ARENA_MAX=2 $JAVA $JVM_OPTS -jar "$JAR" --server.port=$port --junction.data-dir="$data" \
  --junction.resources=docs/examples/demo.yaml --junction.auth.username=foo --junction.auth.password=bar \
  --junction.instances.catalog=docs/examples/services.yaml \
  > "$data/broker.log" 2>&1 &
broker=$!
for i in $(seq 1 240); do curl -s -o /dev/null "localhost:$port/actuator/health" && break; sleep 0.5; done
curl -s -o /dev/null -u foo:bar -X POST -H 'Content-Type: application/json' -d '{"id":"bench"}' "localhost:$port/db/pipes"
for i in $(seq 0 999); do echo "{\"id\":\"m-$i\"}"; done | xargs -d "\n" -P 8 -I{} \
  curl -s -o /dev/null -u foo:bar -X POST -H 'Content-Type: application/json' -d {} "localhost:$port/db/pipes"
warmup=${WARMUP:-10}
wrk -t2 -c16 -d${warmup}s -s "$here/pipes.lua" "http://localhost:$port" -- create warm > /dev/null
echo "# Junction from outside (wrk -t2 -c16, ${seconds} s each, after a ${warmup} s warm-up), $(date -u +%FT%TZ), $(nproc) cores"
echo "| load | requests/s | p50 | p99 | non-2xx | socket errors |"
echo "|---|---|---|---|---|---|"
for i in $(seq 1 120); do
  curl -s -u foo:bar -H 'X-Broker-API-Version: 2.17' "localhost:$port/v2/catalog" | grep -q '"plans"' && break; sleep 0.5
done
wrk -t2 -c16 -d5s -s "$here/pipes.lua" "http://localhost:$port" -- catalog warm > /dev/null  # its route's JIT
for load in create patch-many patch-one catalog; do
  read -r _ rate p50 p99 status socket < <(wrk -t2 -c16 -d${seconds}s -s "$here/pipes.lua" "http://localhost:$port" -- $load run \
    | grep '^RESULT')
  echo "| $load | $rate | $p50 ms | $p99 ms | $status | $socket |"
done
echo "| resident memory after the loads | $(( $(ps -o rss= -p $broker) / 1024 )) MiB | | | | |"
