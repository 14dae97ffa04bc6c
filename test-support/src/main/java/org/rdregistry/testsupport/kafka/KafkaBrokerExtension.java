package org.rdregistry.testsupport.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension: starts the JVM's {@link KafkaTestBroker} before the test class (so
 * broker start-up is not charged to the first test) and injects it into test, lifecycle and
 * constructor parameters of type {@link KafkaTestBroker}.
 *
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class RecordsIT {
 *     @Test
 *     void roundTrip(KafkaTestBroker kafka) {
 *         String topic = kafka.createTopic(KafkaTestBroker.uniqueName("records"), 3);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * The broker is not stopped after the class; it lives until the JVM exits.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        KafkaTestBroker.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaTestBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return KafkaTestBroker.get();
    }
}
