package org.rdregistry.testsupport.kafka;

import java.nio.file.Path;
import java.util.List;

/** One way of providing the broker; implementations start it in their constructor. */
interface BrokerBackend {

    KafkaTestBroker.Mode mode();

    String bootstrapServers();

    /** Local data log directories, empty when they are not on this machine. */
    List<Path> logDirs();

    /** Stops the broker; never throws. */
    void close();
}
