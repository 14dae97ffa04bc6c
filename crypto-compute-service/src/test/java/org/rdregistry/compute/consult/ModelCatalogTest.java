package org.rdregistry.compute.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.compute.consult.ConsultFixtures.CHA;
import static org.rdregistry.compute.consult.ConsultFixtures.PUBLISHED;
import static org.rdregistry.compute.consult.ConsultFixtures.json;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.topics.Topics;

class ModelCatalogTest {

    final ModelCatalog catalog = ModelCatalog.withShipped();

    @Test
    void shippedModelsAreKnownAndWinOverAPublishedDocumentOfTheSameReference() {
        assertThat(catalog.find(CHA.ref())).isEqualTo(CHA);
        ScoringModel fake = new ScoringModel(CHA.id(), CHA.version(), "fake", "cardiology", "none", 1,
                PUBLISHED.features(), List.of(), List.of());
        catalog.apply(CHA.ref().toString(), json(fake));
        assertThat(catalog.find(CHA.ref())).isEqualTo(CHA);
        catalog.apply(CHA.ref().toString(), null);
        assertThat(catalog.find(CHA.ref())).isEqualTo(CHA);
    }

    @Test
    void publishedModelsAreAddedAndRemovedByTombstonesAndBadEntriesAreIgnored() {
        catalog.apply("other-model@1", json(PUBLISHED));                            // under another key
        catalog.apply(PUBLISHED.ref().toString(), "{".getBytes(StandardCharsets.UTF_8));
        catalog.apply("not a ref", json(PUBLISHED));
        catalog.apply(Topics.CONSULT_SWEEP_KEY, null);
        assertThat(catalog.find(PUBLISHED.ref())).isNull();
        assertThat(catalog.find(ModelRef.parse("other-model@1"))).isNull();

        catalog.apply(PUBLISHED.ref().toString(), json(PUBLISHED));
        assertThat(catalog.find(PUBLISHED.ref())).isEqualTo(PUBLISHED);
        assertThat(catalog.all()).containsKeys(CHA.ref(), PUBLISHED.ref());
        catalog.apply(PUBLISHED.ref().toString(), null);
        assertThat(catalog.find(PUBLISHED.ref())).isNull();
    }

    @Test
    void awaitReturnsAModelPublishedWhileWaitingAndNullAfterTheWait() throws Exception {
        assertThat(catalog.await(PUBLISHED.ref(), Duration.ofMillis(50))).isNull();
        CompletableFuture<ScoringModel> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return catalog.await(PUBLISHED.ref(), Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        catalog.apply(PUBLISHED.ref().toString(), json(PUBLISHED));
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(PUBLISHED);
    }
}
