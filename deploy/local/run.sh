#!/usr/bin/env bash
# One command for the local stack: builds what is missing, starts a real single-node KRaft broker,
# crypto-compute-service (aggregator) and intake-service, creates a demo registry key and development
# tokens, submits synthetic demo patients with the hospital CLI, prints the demo aggregates and the
# endpoints, and keeps running until Ctrl-C. Starting it again reuses deploy/local/state.
#
#   deploy/local/run.sh            # start (or restart on the same state)
#   deploy/local/run.sh --reset    # delete deploy/local/state first
set -euo pipefail
umask 077   # tokens, keys and Kafka data (pseudonyms, ciphertexts) readable by this user only
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/deploy/local"
state="${RD_STATE_DIR:-$here/state}"
kafka_port="${RD_KAFKA_PORT:-9092}"
intake_port="${RD_INTAKE_PORT:-8081}"
compute_port="${RD_COMPUTE_PORT:-8082}"
demo_patients="${RD_DEMO_PATIENTS:-60}"
bootstrap="127.0.0.1:$kafka_port"

if [ "${1:-}" = "--reset" ]; then
  rm -rf "$state"
fi
mkdir -p "$state/logs" "$state/keys" "$state/tokens" "$state/demo"

say() { printf '\033[1m[local]\033[0m %s\n' "$*"; }

# --- build what is missing -------------------------------------------------------------------
intake_jar() { ls "$root"/intake-service/target/intake-service-*.jar 2>/dev/null | grep -v plain | head -1; }
compute_jar() { ls "$root"/crypto-compute-service/target/crypto-compute-service.jar 2>/dev/null | head -1; }
cli_jar="$root/libs/hospital-client/target/registry-cli.jar"
demo_jar="$root/tools/registry-demo/target/registry-demo.jar"
issuer_jar="$root/libs/dev-issuer/target/dev-issuer-cli.jar"
# rebuild when a jar is missing or the sources changed since the last build (commit + uncommitted diff)
source_rev="$(cd "$root" && { git rev-parse HEAD 2>/dev/null; git status --porcelain -- . ':!deploy/local/state' 2>/dev/null; } | cksum)"
if [ -z "$(intake_jar)" ] || [ -z "$(compute_jar)" ] || [ ! -f "$cli_jar" ] || [ ! -f "$demo_jar" ] || [ ! -f "$issuer_jar" ] \
   || [ "$(cat "$state/build.rev" 2>/dev/null)" != "$source_rev" ]; then
  say "building the services and tools (first run or changed sources; a few minutes)"
  (cd "$root" && ./mvnw -q -B -ntp install -DskipTests)
  echo "$source_rev" > "$state/build.rev"
fi
if [ ! -d "$here/target/broker-lib" ]; then
  say "collecting the Kafka broker jars from Maven Central"
  (cd "$root" && ./mvnw -q -B -ntp package -f deploy/local/pom.xml)
fi

pids=()
stop() {
  trap '' INT TERM   # a second Ctrl-C must not leave the services running
  trap - EXIT
  say "stopping"
  # services first, each waited for, the broker last: they commit their work before it goes away
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  say "stopped; state kept in $state (run again to restart on it, --reset to start afresh)"
}
trap stop INT TERM EXIT

wait_for() { # url name seconds
  local url="$1" name="$2" limit="${3:-120}"
  for ((s=0; s<limit; s++)); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  say "$name did not become ready in ${limit}s; see $state/logs"; exit 1
}
wait_for_port() {
  for ((s=0; s<60; s++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 1
  done
  say "port $1 did not open; see $state/logs"; exit 1
}

# --- broker ----------------------------------------------------------------------------------
for port in "$kafka_port" "$intake_port" "$compute_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "port $port is already in use (another stack still running?); stop it or set RD_*_PORT"; exit 1
  fi
done
say "starting Kafka (KRaft, single node) on $bootstrap"
"$here/broker.sh" "$state" "$kafka_port" >"$state/logs/kafka.log" 2>&1 &
pids+=($!)
wait_for_port "$kafka_port"

# --- demo key and development tokens ---------------------------------------------------------
if [ ! -f "$state/keys/registry-key.json" ]; then
  say "creating a DEMO registry key (test-only dealer key; the trustees' key ceremony replaces it)"
  rm -rf "$state/keys" && java -jar "$demo_jar" demo-key --dir "$state/keys" >/dev/null
fi
if [ ! -f "$state/issuer/public.pem" ]; then
  say "creating the development token issuer"
  java -jar "$issuer_jar" init --dir "$state/issuer" >/dev/null
fi
java -jar "$issuer_jar" token --dir "$state/issuer" --sub hospital-demo --role hospital --ttl PT12H >"$state/tokens/hospital-demo.jwt"

# --- services --------------------------------------------------------------------------------
common=(--spring.kafka.bootstrap-servers="$bootstrap" --registry.key-file="$state/keys/registry-key.json")
say "starting crypto-compute-service (aggregator) on :$compute_port"
java -Xmx1g -jar "$(compute_jar)" "${common[@]}" --server.port="$compute_port" \
  --compute.state-dir="$state/compute-streams" --compute.instance-id=local-1 >"$state/logs/compute.log" 2>&1 &
pids+=($!)
say "starting intake-service on :$intake_port"
java -Xmx1g -jar "$(intake_jar)" "${common[@]}" --server.port="$intake_port" \
  --spring.security.oauth2.resourceserver.jwt.public-key-location="file:$state/issuer/public.pem" \
  >"$state/logs/intake.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$compute_port/actuator/health/readiness" "crypto-compute-service"
wait_for "http://127.0.0.1:$intake_port/actuator/health/readiness" "intake-service"

# --- demo data -------------------------------------------------------------------------------
if [ ! -f "$state/demo/patients.csv" ]; then
  java -jar "$demo_jar" demo-csv --patients "$demo_patients" --out "$state/demo/patients.csv" >/dev/null
fi
if [ ! -f "$state/demo/linkage.key" ]; then
  java -jar "$cli_jar" linkage-key init --out "$state/demo/linkage.key" >/dev/null
fi
say "submitting $demo_patients synthetic demo patients with the hospital CLI (a re-run changes nothing)"
java -jar "$cli_jar" submit --csv "$state/demo/patients.csv" --url "http://127.0.0.1:$intake_port" \
  --token-file "$state/tokens/hospital-demo.jwt" --linkage-key "$state/demo/linkage.key" \
  --registry-key-file "$state/keys/registry-key.json" --no-progress || true

say "demo aggregates (decrypted with the test-only demo key; stats-service with trustees replaces this view):"
sleep 3
java -jar "$demo_jar" show-aggregates --bootstrap "$bootstrap" --dir "$state/keys" || true

cat <<INFO

  Kafka (KRaft)            $bootstrap          data: $state/kafka
  intake-service           http://127.0.0.1:$intake_port/api/v1/registry   (POST /api/v1/records, /api/v1/records/batch)
                           http://127.0.0.1:$intake_port/actuator/health   /actuator/prometheus
  crypto-compute-service   http://127.0.0.1:$compute_port/actuator/health  /actuator/prometheus
  hospital token           $state/tokens/hospital-demo.jwt
  registry key (demo)      $state/keys/registry-key.json
  logs                     $state/logs

  Submit more:   java -jar $cli_jar submit --csv FILE --url http://127.0.0.1:$intake_port \\
                   --token-file $state/tokens/hospital-demo.jwt --linkage-key $state/demo/linkage.key \
                   --registry-key-file $state/keys/registry-key.json
  Aggregates:    java -jar $demo_jar show-aggregates --bootstrap $bootstrap --dir $state/keys
  Load test:     java -jar $demo_jar load --url http://127.0.0.1:$intake_port --token-file $state/tokens/hospital-demo.jwt \\
                   --bootstrap $bootstrap --dir $state/keys --records 10000

  Ctrl-C stops everything.
INFO
wait "${pids[@]}"
