#!/usr/bin/env bash
# One command for the local stack. Builds what is missing, then:
#   - first start only: a key ceremony between three local trustees (2 of 3 can decrypt), whose
#     registry key intake, compute and hospitals use and whose joint key stats-service uses;
#   - starts a real single-node KRaft broker, intake-service, crypto-compute-service as the aggregator
#     and as three trustees (which also score and key-switch consultations), stats-service (noisy,
#     k-suppressed releases) and consultation-service (second opinions);
#   - submits synthetic demo patients with the hospital CLI, waits for a release of the biggest demo
#     cohort, re-checks it with `registry verify`, runs one complete second opinion with the patient and
#     expert CLI, prints where to look, and runs until Ctrl-C.
# Starting it again reuses the state (no new ceremony; trustees keep their ledgers and Streams state).
#
#   deploy/local/run.sh              # start (or restart on the same state, deploy/local/state)
#   deploy/local/run.sh --reset      # delete the state first
#   deploy/local/run.sh --demo-key   # the pipeline-benchmark stack instead: broker, intake and aggregator with a
#                                    # TEST-ONLY demo key (no trustees, no stats), state in deploy/local/state-demo-key
#
# Environment: RD_STATE_DIR (state directory), RD_KAFKA_PORT (9092; the controller uses the next port),
# RD_INTAKE_PORT (8081), RD_COMPUTE_PORT (8082), RD_STATS_PORT (8083), RD_CONSULT_PORT (8084), RD_TRUSTEE_BASE_PORT (8090: trustee i
# on 8090 + i), RD_RELEASE_INTERVAL (10s, stats.release.min-interval), RD_DEMO_PATIENTS (120; 60 with
# --demo-key), RD_STATS_OPTS (extra stats-service options, e.g. --stats.privacy.budget.rho=100),
# RD_COMPUTE_OPTS (extra aggregator options, e.g. --compute.commit-interval=1s).
set -euo pipefail
umask 077   # keys, passphrases, tokens and Kafka data (pseudonyms, ciphertexts) readable by this user only

mode=trustees
reset=false
for arg in "$@"; do
  case "$arg" in
    --reset) reset=true ;;
    --demo-key) mode=demo-key ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/deploy/local"
if [ "$mode" = demo-key ]; then state="${RD_STATE_DIR:-$here/state-demo-key}"; else state="${RD_STATE_DIR:-$here/state}"; fi
kafka_port="${RD_KAFKA_PORT:-9092}"          # the broker's controller listens on the next port
intake_port="${RD_INTAKE_PORT:-8081}"
compute_port="${RD_COMPUTE_PORT:-8082}"
stats_port="${RD_STATS_PORT:-8083}"
consult_port="${RD_CONSULT_PORT:-8084}"
trustee_base_port="${RD_TRUSTEE_BASE_PORT:-8090}"   # trustee i on base + i: 8091, 8092, 8093
release_interval="${RD_RELEASE_INTERVAL:-10s}"      # stats.release.min-interval (demo value; the service's default is 30s)
bootstrap="127.0.0.1:$kafka_port"
if [ "$mode" = demo-key ]; then demo_patients="${RD_DEMO_PATIENTS:-60}"; else demo_patients="${RD_DEMO_PATIENTS:-120}"; fi

say() { printf '\033[1m[local]\033[0m %s\n' "$*"; }
fail() { say "$*"; exit 1; }

if $reset; then rm -rf "$state"; fi
if [ "$mode" = trustees ] && [ -f "$state/keys/demo-dealer.secret" ]; then
  fail "$state was made by the former demo-key stack: run with --reset to start afresh (or --demo-key for that stack)"
fi
mkdir -p "$state/logs" "$state/keys" "$state/tokens" "$state/demo"

# --- build what is missing -------------------------------------------------------------------
intake_jar() { ls "$root"/intake-service/target/intake-service-*.jar 2>/dev/null | grep -v plain | head -1; }
stats_jar() { ls "$root"/stats-service/target/stats-service-*.jar 2>/dev/null | grep -v plain | head -1; }
consult_jar() { ls "$root"/consultation-service/target/consultation-service-*.jar 2>/dev/null | grep -v plain | head -1; }
compute_jar="$root/crypto-compute-service/target/crypto-compute-service.jar"
cli_jar="$root/libs/hospital-client/target/registry-cli.jar"
demo_jar="$root/tools/registry-demo/target/registry-demo.jar"
issuer_jar="$root/libs/dev-issuer/target/dev-issuer-cli.jar"
# rebuild when a jar is missing or the sources changed since the last build: the index, the uncommitted
# changes and untracked files (documentation, these scripts and the state aside)
not_built=(':!*.md' ':!deploy/local/*.sh' ':!deploy/local/state*')
source_rev="$(cd "$root" && { git ls-files -s -- . "${not_built[@]}"; git diff -- . "${not_built[@]}"
  git ls-files -o --exclude-standard -- . "${not_built[@]}"; } 2>/dev/null | cksum)"
if [ -z "$(intake_jar)" ] || [ -z "$(stats_jar)" ] || [ -z "$(consult_jar)" ] || [ ! -f "$compute_jar" ] || [ ! -f "$cli_jar" ] \
   || [ ! -f "$demo_jar" ] || [ ! -f "$issuer_jar" ] || [ "$(cat "$here/target/build.rev" 2>/dev/null)" != "$source_rev" ]; then
  say "building the services and tools (first run or changed sources; a few minutes)"
  (cd "$root" && ./mvnw -q -B -ntp install -DskipTests)
  mkdir -p "$here/target" && echo "$source_rev" > "$here/target/build.rev"   # kept by --reset, shared by both stacks
fi
if [ ! -d "$here/target/broker-lib" ]; then
  say "collecting the Kafka broker jars from Maven Central"
  (cd "$root" && ./mvnw -q -B -ntp package -f deploy/local/pom.xml)
fi
registry() { java -jar "$cli_jar" "$@"; }

# --- process handling ------------------------------------------------------------------------
pids=()          # long-running processes in start order; stopped in reverse order
helper_pids=()   # short-lived ones (ceremony runs) killed if we are interrupted
stop() {
  trap '' INT TERM   # a second Ctrl-C must not leave the services running
  trap - EXIT
  say "stopping"
  for p in ${helper_pids[@]+"${helper_pids[@]}"}; do kill -TERM "$p" 2>/dev/null || true; done
  # services first, each waited for, the broker last: they commit their work before it goes away
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  say "stopped; state kept in $state (run again to restart on it, --reset to start afresh)"
}
trap stop INT TERM EXIT

wait_for() { # url name seconds
  local url="$1" name="$2" limit="${3:-300}"
  for ((s=0; s<limit; s++)); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  fail "$name did not become ready in ${limit}s; see $state/logs"
}
wait_for_port() {
  for ((s=0; s<60; s++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 1
  done
  fail "port $1 did not open; see $state/logs"
}
ports=("$kafka_port" "$((kafka_port + 1))" "$intake_port" "$compute_port")
[ "$mode" = trustees ] && ports+=("$stats_port" "$consult_port" "$((trustee_base_port + 1))" "$((trustee_base_port + 2))" "$((trustee_base_port + 3))")
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use (another stack still running?); stop it or set RD_*_PORT (see README)"
  fi
done

# --- key ceremony (trustees stack, first start only) -----------------------------------------
# Three trustees on this machine, each with an identity key and a random passphrase in a 0600 file
# (never printed), run the real ceremony concurrently over a board directory. In production each
# trustee runs `registry trustee ceremony` on their own machine (libs/trustee/README.md).
ceremony() {
  local dir="$state/ceremony" id
  rm -rf "$dir" "$state"/trustee-*   # an interrupted ceremony cannot be resumed: start it over
  mkdir -p "$dir/board"
  for i in 1 2 3; do
    mkdir -p "$state/trustee-$i"
    head -c 24 /dev/urandom | base64 | tr -d '\n/+=' > "$state/trustee-$i/passphrase"
    registry trustee identity --dir "$state/trustee-$i/identity" --passphrase-file "$state/trustee-$i/passphrase" \
      >"$state/logs/ceremony-identity-$i.log" 2>&1 || fail "trustee $i: identity failed; see $state/logs/ceremony-identity-$i.log"
  done
  id="local-$(date -u +%Y%m%d-%H%M%S)"
  registry trustee init-config --ceremony-id "$id" --threshold 2 --identity "$state/trustee-1/identity/identity.pub.json" \
    --identity "$state/trustee-2/identity/identity.pub.json" --identity "$state/trustee-3/identity/identity.pub.json" \
    --out "$dir/ceremony.json" >"$state/logs/ceremony-config.log" 2>&1 || fail "init-config failed; see $state/logs/ceremony-config.log"
  for i in 1 2 3; do
    registry trustee ceremony --config "$dir/ceremony.json" --index "$i" --identity-dir "$state/trustee-$i/identity" \
      --passphrase-file "$state/trustee-$i/passphrase" --board-dir "$dir/board" --out "$state/trustee-$i/share" \
      >"$state/logs/ceremony-$i.log" 2>&1 &
    helper_pids+=($!)
  done
  for i in 1 2 3; do
    wait "${helper_pids[$((i - 1))]}" || fail "trustee $i's ceremony run failed: $(tail -1 "$state/logs/ceremony-$i.log")"
  done
  helper_pids=()
  for f in ceremony-result.json registry-key.json; do
    cmp -s "$state/trustee-1/share/$f" "$state/trustee-2/share/$f" && cmp -s "$state/trustee-1/share/$f" "$state/trustee-3/share/$f" \
      || fail "the trustees' $f differ"
  done
  registry trustee verify-ceremony --result "$state/trustee-1/share/ceremony-result.json" \
    --registry-key "$state/trustee-1/share/registry-key.json" >"$state/logs/ceremony-verify.log" 2>&1 \
    || fail "verify-ceremony: $(head -1 "$state/logs/ceremony-verify.log")"
  cp "$state/trustee-1/share/registry-key.json" "$state/keys/registry-key.json"
  cp "$state/trustee-1/share/ceremony-result.json" "$state/keys/ceremony-result.json"   # written last: marks the ceremony done
  say "  $(head -1 "$state/logs/ceremony-verify.log")"
}
if [ "$mode" = trustees ]; then
  if [ -f "$state/keys/ceremony-result.json" ]; then
    say "key ceremony done earlier: reusing $state/keys (registry key and the trustees' shares)"
  else
    say "key ceremony: 3 trustees, any 2 can decrypt (identities, ceremony.json, 3 concurrent runs, verify-ceremony)"
    ceremony
  fi
  fingerprint="$(sed -n 's/.*registry key fingerprint (SHA-256): \([0-9a-f]*\).*/\1/p' "$state/logs/ceremony-verify.log" | head -1)"
elif [ ! -f "$state/keys/registry-key.json" ]; then
  say "creating a DEMO registry key (TEST-ONLY dealer key whose holder can decrypt everything; benchmark stack only)"
  rm -rf "$state/keys" && java -jar "$demo_jar" demo-key --dir "$state/keys" >/dev/null
fi
registry_key="$state/keys/registry-key.json"
# intake attests each record whose proofs it verified (HMAC key shared with the aggregator only), so the
# aggregator does not verify them a second time; the trustees ignore attestations and verify everything
attestation_key="$state/keys/intake-attestation.key"
[ -f "$attestation_key" ] || head -c 32 /dev/urandom | base64 >"$attestation_key"

# --- broker and development tokens ----------------------------------------------------------
say "starting Kafka (KRaft, single node) on $bootstrap"
"$here/broker.sh" "$state" "$kafka_port" >"$state/logs/kafka.log" 2>&1 &
pids+=($!)
wait_for_port "$kafka_port"
if [ ! -f "$state/issuer/public.pem" ]; then
  java -jar "$issuer_jar" init --dir "$state/issuer" >/dev/null
fi
java -jar "$issuer_jar" token --dir "$state/issuer" --sub hospital-demo --role hospital --ttl PT12H >"$state/tokens/hospital-demo.jwt"
[ "$mode" = trustees ] && java -jar "$issuer_jar" token --dir "$state/issuer" --sub researcher-demo --role researcher \
  --ttl PT12H >"$state/tokens/researcher-demo.jwt"
if [ "$mode" = trustees ]; then
  java -jar "$issuer_jar" token --dir "$state/issuer" --sub patient-demo --role patient --ttl PT12H >"$state/tokens/patient-demo.jwt"
  java -jar "$issuer_jar" token --dir "$state/issuer" --sub expert-demo --role expert --specialty cardiology \
    --specialty medical-genetics --ttl PT12H >"$state/tokens/expert-demo.jwt"
fi
jwt_key=(--spring.security.oauth2.resourceserver.jwt.public-key-location="file:$state/issuer/public.pem")

# --- services --------------------------------------------------------------------------------
if [ "$mode" = trustees ]; then heap=768m; else heap=1g; fi
say "starting crypto-compute-service (aggregator) on :$compute_port and intake-service on :$intake_port"
java -Xmx$heap -jar "$compute_jar" --spring.kafka.bootstrap-servers="$bootstrap" --registry.key-file="$registry_key" \
  --server.port="$compute_port" --compute.state-dir="$state/compute-streams" --compute.instance-id=local-1 \
  --compute.aggregator.intake-attestation-key-file="$attestation_key" ${RD_COMPUTE_OPTS:-} >"$state/logs/compute.log" 2>&1 &
pids+=($!)
# intake is throughput-bound and reads batch bodies of up to ~13 MB, which G1 treats as humongous objects
# (old-generation cycles, ~10 % of the time in pauses in a load run): the parallel collector suits it better
java -Xmx$heap -XX:+UseParallelGC -jar "$(intake_jar)" --spring.kafka.bootstrap-servers="$bootstrap" --registry.key-file="$registry_key" \
  --server.port="$intake_port" --intake.attestation-key-file="$attestation_key" "${jwt_key[@]}" \
  >"$state/logs/intake.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$compute_port/actuator/health/readiness" "crypto-compute-service"
wait_for "http://127.0.0.1:$intake_port/actuator/health/readiness" "intake-service"

if [ "$mode" = trustees ]; then
  say "starting trustees 1-3 (crypto-compute-service, role trustee) on :$((trustee_base_port + 1))-$((trustee_base_port + 3)) and stats-service on :$stats_port"
  for i in 1 2 3; do
    java -Xmx512m -jar "$compute_jar" --compute.role=trustee --trustee.index="$i" \
      --trustee.share-file="$state/trustee-$i/share/trustee-$i.share.json" --trustee.passphrase-file="$state/trustee-$i/passphrase" \
      --registry.key-file="$registry_key" --spring.kafka.bootstrap-servers="$bootstrap" \
      --server.port="$((trustee_base_port + i))" --compute.state-dir="$state/trustee-$i/streams" \
      --compute.instance-id="trustee-$i" --compute.stream-threads=1 >"$state/logs/trustee-$i.log" 2>&1 &
    pids+=($!)
  done
  # noise on (discrete Gaussian, the default rho per release), k = 11, a short interval for the demo
  # shellcheck disable=SC2086 # RD_STATS_OPTS: extra --stats.* options, word-split on purpose
  java -Xmx$heap -jar "$(stats_jar)" --spring.kafka.bootstrap-servers="$bootstrap" --server.port="$stats_port" \
    --stats.joint-key-file="$state/keys/ceremony-result.json" --stats.instance-id=local-stats \
    --stats.release.min-interval="$release_interval" --stats.release.k=11 "${jwt_key[@]}" ${RD_STATS_OPTS:-} \
    >"$state/logs/stats.log" 2>&1 &
  pids+=($!)
  say "starting consultation-service (second opinions) on :$consult_port"
  java -Xmx512m -jar "$(consult_jar)" --spring.kafka.bootstrap-servers="$bootstrap" --server.port="$consult_port" \
    --consult.joint-key-file="$state/keys/ceremony-result.json" --consult.state-dir="$state/consultation-streams" \
    "${jwt_key[@]}" >"$state/logs/consultation.log" 2>&1 &
  pids+=($!)
  for i in 1 2 3; do wait_for "http://127.0.0.1:$((trustee_base_port + i))/actuator/health/readiness" "trustee $i"; done
  wait_for "http://127.0.0.1:$stats_port/actuator/health/readiness" "stats-service"
  wait_for "http://127.0.0.1:$consult_port/actuator/health/readiness" "consultation-service"
fi

# --- demo data -------------------------------------------------------------------------------
csv="$state/demo/patients.csv"
if [ ! -f "$csv" ]; then
  java -jar "$demo_jar" demo-csv --patients "$demo_patients" --seed 2026 --out "$csv" >/dev/null
fi
if [ ! -f "$state/demo/linkage.key" ]; then
  registry linkage-key init --out "$state/demo/linkage.key" >/dev/null
fi
cohort_sizes="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "orpha_code") c = i; next } { n[$c]++ }
  END { for (k in n) print n[k], k }' "$csv" | sort -rn)"
say "submitting $(wc -l < "$csv" | awk '{print $1 - 1}') synthetic patients with the hospital CLI (cohorts: $(echo "$cohort_sizes" | awk '{printf "%s%s %s", sep, $2, $1; sep=", "}'); a re-run changes nothing)"
submit_out="$(registry submit --csv "$csv" --url "http://127.0.0.1:$intake_port" --token-file "$state/tokens/hospital-demo.jwt" \
  --linkage-key "$state/demo/linkage.key" --registry-key-file "$registry_key" --no-progress 2>&1)" || true
echo "$submit_out" > "$state/logs/submit.log"
say "  $(grep -E '^[0-9]+ rows?:' <<<"$submit_out" || tail -1 <<<"$submit_out")"

if [ "$mode" = demo-key ]; then
  say "demo aggregates (decrypted with the TEST-ONLY demo key: no noise, no suppression):"
  sleep 3
  java -jar "$demo_jar" show-aggregates --bootstrap "$bootstrap" --dir "$state/keys" || true
  cat <<INFO

  DEMO-KEY STACK for the pipeline load benchmark (TEST-ONLY key; no trustees, no stats-service)
  Kafka (KRaft)            $bootstrap          data: $state/kafka
  intake-service           http://127.0.0.1:$intake_port/api/v1/registry   /actuator/prometheus
  crypto-compute-service   http://127.0.0.1:$compute_port/actuator/health  /actuator/prometheus
  logs                     $state/logs

  Load test:     java -Xmx3g -jar $demo_jar load --url http://127.0.0.1:$intake_port \\
                   --token-file $state/tokens/hospital-demo.jwt --bootstrap $bootstrap --dir $state/keys --records 500
  Aggregates:    java -jar $demo_jar show-aggregates --bootstrap $bootstrap --dir $state/keys

  Ctrl-C stops everything.
INFO
  wait "${pids[@]}"
  exit 0
fi

# --- wait for a release of the biggest demo cohort ------------------------------------------
metric() { # url name: the sum of a Prometheus metric's samples (0 if absent)
  curl -fsS "$1" 2>/dev/null | awk -v m="$2" '$1 ~ "^"m"([{]|$)" { s += $2 } END { printf "%d\n", s }'
}
json_field() { # json name: a string field's value
  sed -n "s/.*\"$2\":\"\([^\"]*\)\".*/\1/p" <<<"$1"
}
cohort="$(echo "$cohort_sizes" | awk 'NR == 1 { print $2 }')"
accepted="$(sed -n 's/.*: \([0-9][0-9]*\) accepted.*/\1/p' <<<"$submit_out")"
accepted="${accepted:-0}"
token_file="$state/tokens/researcher-demo.jwt"
say "waiting for stats-service to release $cohort (trustees add noise and decrypt together; a minute or so)"
# Which release covers the whole demo file? Once the aggregator has seen every record just accepted
# (its metrics), stats gets the cohort's final aggregate. A release already in flight then is older and
# is published or abandoned within stats.release.timeout (15 s); the final one starts within a release
# interval after that. So a release published more than 15 s after the catch-up is the final one, and
# 45 s after it the latest release is, whichever it is.
caught_up=""   # $SECONDS when the aggregator had seen every accepted record
mark=""        # the time 15 s after that, as stats writes it (UTC, ISO-8601)
release_id=""
for ((i=0; i<150; i++)); do
  if [ -z "$caught_up" ]; then
    seen=$(( $(metric "http://127.0.0.1:$compute_port/actuator/prometheus" compute_records_verified_total) \
      + $(metric "http://127.0.0.1:$compute_port/actuator/prometheus" compute_records_duplicates_total) ))
    [ "$seen" -ge "$accepted" ] && caught_up=$SECONDS
  elif [ -z "$mark" ] && [ $((SECONDS - caught_up)) -ge 15 ]; then
    mark="$(date -u +%Y-%m-%dT%H:%M:%S)"
  fi
  cohorts_json="$(curl -fsS -H "Authorization: Bearer $(cat "$token_file")" "http://127.0.0.1:$stats_port/api/v1/cohorts" 2>/dev/null || true)"
  entry="$(grep -o "{\"orphaCode\":\"$cohort\"[^}]*}" <<<"$cohorts_json" || true)"
  id="$(json_field "$entry" latestReleaseId)"
  at="$(json_field "$entry" latestReleaseAt)"
  if [ -n "$id" ] && [ -n "$caught_up" ]; then
    if [ "$accepted" -eq 0 ] || { [ -n "$mark" ] && [[ "$at" > "$mark" ]]; } || [ $((SECONDS - caught_up)) -ge 45 ]; then
      release_id="$id"; break
    fi
  fi
  sleep 2
done

if [ -z "$release_id" ]; then
  say "no release of $cohort after 5 minutes; see $state/logs/stats.log and trustee-*.log (the stack keeps running)"
else
  say "release $release_id of $cohort published at $at; re-checking it from public data with registry verify:"
  verify_log="$state/logs/verify-$release_id.txt"
  registry verify --release "$release_id" --bootstrap-servers "$bootstrap" --joint-key "$state/keys/ceremony-result.json" \
    >"$verify_log" 2>&1 && verdict_rc=0 || verdict_rc=$?
  checks="$(grep -cE '^  VALID ' "$verify_log" || true)"
  covered="$(sed -n 's/.*recomputed from \([0-9]*\) valid record versions.*/\1/p' "$verify_log")"
  say "  $(grep -E '^VERDICT' "$verify_log" || tail -1 "$verify_log"); $checks checks valid; the release covers ${covered:-?} records"
  say "  (every check: $verify_log)"
  [ "$verdict_rc" -eq 0 ] || say "  verify exited with $verdict_rc"
fi

# --- one complete second opinion with the patient and expert CLI ------------------------------
consult_api="http://127.0.0.1:$consult_port"
cdir="$state/demo/second-opinion"
mkdir -p "$cdir"
[ -f "$cdir/passphrase" ] || head -c 24 /dev/urandom | base64 > "$cdir/passphrase"
pkey=(--key "$cdir/patient.key" --passphrase-file "$cdir/passphrase")
ekey=(--key "$cdir/expert.key" --passphrase-file "$cdir/passphrase")
as_patient=(--url "$consult_api" --token-file "$state/tokens/patient-demo.jwt")
as_expert=(--url "$consult_api" --token-file "$state/tokens/expert-demo.jwt")
[ -f "$cdir/patient.key" ] || registry consult keygen "${pkey[@]}" >/dev/null
[ -f "$cdir/expert.key" ] || registry expert keygen "${ekey[@]}" >/dev/null
cat >"$cdir/answers.json" <<'JSON'
{"cha2ds2-vasc@1": {"congestive-heart-failure": "no", "hypertension": "yes", "age": "65-74", "diabetes": "yes",
                    "stroke-tia-thromboembolism": "no", "vascular-disease": "no", "sex": "female"}}
JSON
printf 'Synthetic, de-identified: woman in her late sixties, paroxysmal atrial fibrillation found on a\nHolter ECG, treated hypertension and type 2 diabetes. Question: anticoagulation?\n' >"$cdir/history.txt"
printf 'CHA2DS2-VASc 4: oral anticoagulation recommended (a DOAC unless contraindicated); review bleeding risk.\n' >"$cdir/opinion.txt"
say "second opinion: the patient submits encrypted answers (CHA2DS2-VASc) and a sealed history to consultation-service"
so_log="$state/logs/second-opinion.txt"
rm -f "$cdir/expert-history.txt" "$cdir/patient-opinion.txt"   # a restart runs a new consultation (the CLI never overwrites)
if so_id="$(registry consult submit "${pkey[@]}" --specialty cardiology --answers "$cdir/answers.json" \
      --history "$cdir/history.txt" --joint-key "$state/keys/ceremony-result.json" "${as_patient[@]}" 2>>"$so_log" | tail -1)" \
   && [ -n "$so_id" ] \
   && registry consult scores "$so_id" "${pkey[@]}" --wait 2m "${as_patient[@]}" >"$cdir/patient-scores.txt" 2>>"$so_log" \
   && registry expert claim "$so_id" "${ekey[@]}" "${as_expert[@]}" >>"$so_log" 2>&1 \
   && registry expert read "$so_id" "${ekey[@]}" --wait 2m --history-out "$cdir/expert-history.txt" "${as_expert[@]}" \
        >"$cdir/expert-scores.txt" 2>>"$so_log" \
   && registry expert answer "$so_id" --opinion "$cdir/opinion.txt" "${as_expert[@]}" >>"$so_log" 2>&1 \
   && registry consult opinion "$so_id" "${pkey[@]}" --wait 1m --out "$cdir/patient-opinion.txt" "${as_patient[@]}" >>"$so_log" 2>&1 \
   && registry consult ack "$so_id" --key "$cdir/patient.key" "${as_patient[@]}" >>"$so_log" 2>&1; then
  say "  consultation $so_id: scores decrypted by the patient ($cdir/patient-scores.txt):"
  sed 's/^/      /' "$cdir/patient-scores.txt"
  say "  the expert claimed it, decrypted history and scores ($cdir/expert-history.txt), answered;"
  say "  the patient read the opinion ($cdir/patient-opinion.txt) and acknowledged: the consultation is purged"
else
  say "  the demo second opinion did not complete; see $so_log and $state/logs/consultation.log"
fi

api="http://127.0.0.1:$stats_port"
cat <<INFO

  Researcher API (stats-service, token: $token_file)
    TOKEN=\$(cat $token_file)
    curl -H "Authorization: Bearer \$TOKEN" $api/api/v1/cohorts
    curl -H "Authorization: Bearer \$TOKEN" $api/api/v1/cohorts/$cohort/stats
    curl -N -H "Authorization: Bearer \$TOKEN" $api/api/v1/cohorts/$cohort/stats/stream     # live (SSE)
    curl $api/v3/api-docs.yaml                                                  # OpenAPI document

  Services                 health and metrics: <url>/actuator/health, <url>/actuator/prometheus
    Kafka (KRaft)          $bootstrap (data: $state/kafka)
    intake-service         http://127.0.0.1:$intake_port      (POST /api/v1/records; hospital token $state/tokens/hospital-demo.jwt)
    aggregator             http://127.0.0.1:$compute_port
    trustees 1-3           http://127.0.0.1:$((trustee_base_port + 1)), :$((trustee_base_port + 2)), :$((trustee_base_port + 3))
    stats-service          $api
    consultation-service   $consult_api    (patient token $state/tokens/patient-demo.jwt, expert token $state/tokens/expert-demo.jwt)
  Registry key             $registry_key (fingerprint ${fingerprint:-?}; public ceremony record: $state/keys/ceremony-result.json)
  Logs                     $state/logs

  Submit more:   java -jar $cli_jar submit --csv FILE --url http://127.0.0.1:$intake_port \\
                   --token-file $state/tokens/hospital-demo.jwt --linkage-key $state/demo/linkage.key --registry-key-file $registry_key
  Verify:        java -jar $cli_jar verify --release ID --bootstrap-servers $bootstrap --joint-key $state/keys/ceremony-result.json
  Second opinion (files in $cdir; passphrase file $cdir/passphrase):
                 java -jar $cli_jar consult submit --key $cdir/patient.key --passphrase-file $cdir/passphrase \\
                   --specialty cardiology --answers $cdir/answers.json --history $cdir/history.txt \\
                   --joint-key $state/keys/ceremony-result.json --url $consult_api --token-file $state/tokens/patient-demo.jwt
                 java -jar $cli_jar expert queue --specialty cardiology --url $consult_api --token-file $state/tokens/expert-demo.jwt
                 then consult scores|status|opinion|ack ID and expert claim|read|answer ID (see libs/hospital-client/README.md)

  Ctrl-C stops everything.
INFO
wait "${pids[@]}"
