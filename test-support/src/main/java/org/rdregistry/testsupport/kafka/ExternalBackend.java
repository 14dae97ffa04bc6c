package org.rdregistry.testsupport.kafka;

import java.nio.file.Path;
import java.util.List;

/** A broker somebody else runs; nothing to start or stop. */
final class ExternalBackend implements BrokerBackend {

    private final String bootstrapServers;

    ExternalBackend(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public KafkaTestBroker.Mode mode() {
        return KafkaTestBroker.Mode.EXTERNAL;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public List<Path> logDirs() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
