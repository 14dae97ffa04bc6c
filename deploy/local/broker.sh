#!/usr/bin/env bash
# Starts a real single-node KRaft broker (controller + broker in one process) from the Maven Central
# jars collected in deploy/local/target/broker-lib, with its data under STATE_DIR/kafka.
# Usage: broker.sh STATE_DIR [PORT]   (runs in the foreground; stop with SIGTERM / Ctrl-C)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="${1:?state dir}"
port="${2:-9092}"
controller_port=$((port + 1))
lib="$here/target/broker-lib"
[ -d "$lib" ] || { echo "broker jars missing: run ./mvnw -q package -f deploy/local/pom.xml" >&2; exit 1; }
mkdir -p "$state/kafka/data"
props="$state/kafka/server.properties"
cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$state/kafka/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.cleaner.backoff.ms=5000
PROPS
cp="$lib/*"
jvm=(-Xms256m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlog4j2.level=warn)
if [ ! -f "$state/kafka/data/meta.properties" ]; then
  cluster_id_file="$state/kafka/cluster.id"
  [ -f "$cluster_id_file" ] || java -cp "$cp" kafka.tools.StorageTool random-uuid > "$cluster_id_file"
  java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$(cat "$cluster_id_file")" -c "$props" --standalone >/dev/null
fi
exec java "${jvm[@]}" -cp "$cp" kafka.Kafka "$props"
