#!/usr/bin/env bash
# Writes the stored-data fixture of StoredDataCompatibilityIT: starts a released junction.jar (the
# previous version) as broker "home" on a fresh data directory, with a second broker "peer" beside it,
# drives them over HTTP so that home stores every kind of data, records what home answers on its read
# routes, stops both with SIGTERM and packs home's data directory.
#
#   infra/src/test/compat/make-fixture.sh <previous junction.jar> [output directory]
#
# Output: home-data.tar.gz and expected.json (default: infra/src/test/resources/compat). Needs a JDK
# 21+ (JAVA_HOME), curl, jq and python3. See infra/src/test/resources/compat/README.md.
set -euo pipefail

JAR=$(realpath "${1:?usage: $0 <previous junction.jar> [output directory]}")
REPO=$(cd "$(dirname "$0")/../../../.." && pwd)
OUT=$(realpath -m "${2:-$REPO/infra/src/test/resources/compat}")
RESOURCES=$REPO/docs/examples/demo.yaml
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JVM_OPTS=${JVM_OPTS:--Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
WORK=$(mktemp -d /tmp/junction-fixture.XXXXXX)
ANSWERS=$WORK/answers.jsonl
mkdir -p "$OUT"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
HOME_PORT=$(free_port)
PEER_PORT=$(free_port)
DEAD_PORT=$(free_port)   # nothing listens there: the peer that is down
HOME_URL=http://localhost:$HOME_PORT
PEER_URL=http://localhost:$PEER_PORT
DEAD_URL=http://localhost:$DEAD_PORT

declare -A PID PORT
PORT[home]=$HOME_PORT
PORT[peer]=$PEER_PORT

stop_all() {
  for name in "${!PID[@]}"; do
    if kill -0 "${PID[$name]}" 2>/dev/null; then
      kill -TERM "${PID[$name]}"
      wait "${PID[$name]}" || true
    fi
  done
}
trap stop_all EXIT

# start <name> [extra arguments]: a broker on its port and on $WORK/<name>
start() {
  local name=$1
  shift
  # shellcheck disable=SC2086
  env MALLOC_ARENA_MAX=2 JUNCTION_AUTH_USERNAME=foo JUNCTION_AUTH_PASSWORD=bar \
    "$JAVA" $JVM_OPTS -jar "$JAR" --server.port="${PORT[$name]}" --junction.resources="$RESOURCES" \
    --junction.data-dir="$WORK/$name" "$@" >"$WORK/$name.log" 2>&1 &
  PID[$name]=$!
}

await_ready() {
  local name=$1
  for _ in $(seq 1 360); do
    kill -0 "${PID[$name]}" 2>/dev/null || { tail -50 "$WORK/$name.log"; echo "$name exited" >&2; exit 1; }
    if curl -sf "localhost:${PORT[$name]}/actuator/health/readiness" | grep -q '"UP"'; then
      return
    fi
    sleep 0.5
  done
  echo "$name was not ready within 180 s; log: $WORK/$name.log" >&2
  exit 1
}

# req <broker> <method> <path> <expected status> [json body]: prints the answer's body
req() {
  local name=$1 method=$2 path=$3 expected=$4 body=${5:-}
  local args=(-s -u foo:bar -X "$method" -o "$WORK/body" -w '%{http_code}' -H 'Accept: application/json')
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  local status
  status=$(curl "${args[@]}" "localhost:${PORT[$name]}$path")
  if [[ $status != "$expected" ]]; then
    echo "$name $method $path answered $status, expected $expected: $(cat "$WORK/body")" >&2
    exit 1
  fi
  cat "$WORK/body"
}

# await <broker> <path> <jq condition>: polls a read route until the condition holds (60 s at most)
await() {
  local name=$1 path=$2 condition=$3
  for _ in $(seq 1 300); do
    if curl -sf -u foo:bar "localhost:${PORT[$name]}$path" | jq -e "$condition" >/dev/null 2>&1; then
      return
    fi
    sleep 0.2
  done
  echo "$name $path: '$condition' did not hold within 60 s: $(curl -s -u foo:bar "localhost:${PORT[$name]}$path")" >&2
  exit 1
}

# Home keeps every key it rotated out in its JWKS (publish_until = rotation + token TTL + skew, stored
# with the key) and gives a propagation up after two attempts, so the fixture holds a failure soon.
start home --junction.oidc.token-ttl=P3650D \
  --junction.propagation.initial-delay=PT0.2S --junction.propagation.max-attempts=2
start peer
await_ready home
await_ready peer

# Rotated before any token is signed: a peer that cached the JWKS fetches it again at most every 10 s,
# too late for home's two attempts.
echo "signing keys: the first one rotated out"
req home POST /admin/keys/rotate 200 >/dev/null

echo "plain pipes: created, both ends patched, deleted, created again; one left deleted"
req home POST /db/pipes 201 '{"id":"plain","other":{"data":{"DATABASE_URL":"postgresql://first"}}}' >/dev/null
req home PATCH /db/pipes/plain 202 '{"this":{"data":{"URI":"postgresql://user:patched@db.example.com:5432/mydb"}}}' >/dev/null
req home PATCH /db/pipes/plain 202 '{"other":{"data":{"DATABASE_URL":"postgresql://second"}}}' >/dev/null
sleep 0.05
AT=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)   # time travel target: the first life, after both patches
sleep 0.05
req home DELETE /db/pipes/plain 204 >/dev/null
req home POST /db/pipes 201 '{"id":"plain","other":{"data":{"DATABASE_URL":"postgresql://second-life"}}}' >/dev/null
req home POST /db/pipes 201 '{"id":"gone"}' >/dev/null
req home DELETE /db/pipes/gone 204 >/dev/null

echo "pipes bound through blueprints: an offer, a need with proto and adapter, a binding released again"
req home POST /backend/offers/https/bindings 201 '{"id":"frontend"}' >/dev/null
req home POST /frontend/needs/db/bindings 201 '{"id":"db","proto":"postgresqls","adapters":["auth:server"]}' >/dev/null
req home POST /frontend/needs/backend/bindings 201 '{"id":"released"}' >/dev/null
req home DELETE /frontend/pipes/released 204 >/dev/null

echo "resource data changed (PATCH /{resource}), reaching the pipes of the resource"
req home PATCH /db 202 '{"data":{"URI":"postgresql://user:resource@db.example.com:5432/mydb"}}' >/dev/null
await home /db/pipes/plain '.this.data.URI == "postgresql://user:resource@db.example.com:5432/mydb"'

echo "a pipe with more than 100 events: a snapshot of its aggregate"
req home POST /db/pipes 201 '{"id":"busy"}' >/dev/null
for i in $(seq 1 105); do
  req home PATCH /db/pipes/busy 202 "{\"this\":{\"data\":{\"N\":\"$i\"}}}" >/dev/null
done

echo "a pipe with the peer broker as its other end: deliveries both ways"
req home POST /backend/pipes 201 "{\"id\":\"peer\",\"this\":{\"data\":{\"URI\":\"https://backend.herokuapp.com\"}},
  \"other\":{\"uri\":\"$PEER_URL/frontend/pipes/backend\",\"issuer\":\"$PEER_URL\"}}" >/dev/null
req peer POST /frontend/pipes 201 "{\"id\":\"backend\",\"this\":{\"data\":{\"CALLBACK\":\"https://frontend.example/cb\"}},
  \"other\":{\"uri\":\"$HOME_URL/backend/pipes/peer\",\"issuer\":\"$HOME_URL\"}}" >/dev/null
await peer /frontend/pipes/backend '.other.data.URI == "https://backend.herokuapp.com"'
await home /backend/pipes/peer '.other.data.CALLBACK == "https://frontend.example/cb"'
await home /backend/pipes/peer '.propagation.state == "delivered"'
req home PATCH /backend 202 '{"data":{"URI":"https://rotated.herokuapp.com"}}' >/dev/null
await peer /frontend/pipes/backend '.other.data.URI == "https://rotated.herokuapp.com"'
await home /backend/pipes/peer '.propagation.state == "delivered"'

echo "a pipe whose peer end was deleted: the deletion notice detaches home's other end"
req home POST /db/pipes 201 "{\"id\":\"peer-gone\",\"other\":{\"uri\":\"$PEER_URL/frontend/pipes/db\",\"issuer\":\"$PEER_URL\"}}" >/dev/null
req peer POST /frontend/pipes 201 "{\"id\":\"db\",\"this\":{\"data\":{\"CALLBACK\":\"https://frontend.example/db\"}},\"other\":{\"uri\":\"$HOME_URL/db/pipes/peer-gone\",\"issuer\":\"$HOME_URL\"}}" >/dev/null
await peer /frontend/pipes/db '.other.data.URI != null'
await home /db/pipes/peer-gone '.propagation.state == "delivered" and .other.data.CALLBACK != null'
req peer DELETE /frontend/pipes/db 204 >/dev/null
await home /db/pipes/peer-gone/history '.[-1].type == "OtherEndDetached"'

echo "a failed propagation (the peer is down), retried by the operator and failed again"
req home POST /db/pipes 201 "{\"id\":\"unreachable\",\"other\":{\"uri\":\"$DEAD_URL/frontend/pipes/db\",\"issuer\":\"$DEAD_URL\"}}" >/dev/null
await home /db/pipes/unreachable '.propagation.state == "failed"'
req home POST /admin/propagations/db/unreachable/retry 202 >/dev/null
await home /db/pipes/unreachable/history '[.[] | select(.type == "PropagationFailed")] | length == 2'
await home /db/pipes/unreachable '.propagation.state == "failed"'

# every read route of home; a pipe that no longer lives answers 404, its history still 200
READS=(
  /.well-known/openid-configuration /.well-known/jwks.json /admin/propagations/failed
  /db/pipes /backend/pipes /frontend/pipes
  "/db/pipes/plain?at=$AT"
)
for pipe in db/plain db/gone db/busy db/peer-gone db/unreachable backend/frontend backend/peer \
            frontend/db frontend/released; do
  READS+=("/${pipe%%/*}/pipes" "/${pipe%%/*}/pipes/${pipe#*/}" "/${pipe%%/*}/pipes/${pipe#*/}/history")
done
for blueprint in db/offers/postgresqls backend/offers/https frontend/needs/db frontend/needs/backend; do
  READS+=("/${blueprint%/*}" "/$blueprint")
  for collection in protos adapters; do
    READS+=("/$blueprint/$collection")
    for id in $(curl -sf -u foo:bar "$HOME_URL/$blueprint/$collection" | jq -r '.[] | if type == "object" then .id else . end'); do
      READS+=("/$blueprint/$collection/$id")
    done
  done
done
# shellcheck disable=SC2207
READS=($(printf '%s\n' "${READS[@]}" | awk '!seen[$0]++'))

record() {
  : >"$ANSWERS"
  for path in "${READS[@]}"; do
    local status
    status=$(curl -s -u foo:bar -H 'Accept: application/json' -o "$WORK/body" -w '%{http_code}' "$HOME_URL$path")
    jq -c --arg path "$path" --argjson status "$status" '{path: $path, status: $status, body: .}' "$WORK/body" \
      >>"$ANSWERS"
  done
}

# Nothing may still be on its way (a platform change, a delivery): two recordings a second apart agree.
record
for _ in $(seq 1 30); do
  cp "$ANSWERS" "$WORK/previous.jsonl"
  sleep 1
  record
  cmp -s "$ANSWERS" "$WORK/previous.jsonl" && break
done
cmp -s "$ANSWERS" "$WORK/previous.jsonl" || { echo "home's answers did not settle" >&2; exit 1; }

stop_all
trap - EXIT
grep -q "Graceful shutdown complete" "$WORK/home.log" || { echo "home did not stop gracefully" >&2; exit 1; }

jq -s --arg rootUrl "$HOME_URL" '{rootUrl: $rootUrl, answers: .}' "$ANSWERS" >"$OUT/expected.json"
tar -C "$WORK/home" --sort=name --owner=0 --group=0 --numeric-owner -czf "$OUT/home-data.tar.gz" .
ls -l "$OUT"
echo "logs and data in $WORK"
