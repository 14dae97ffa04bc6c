package org.rdregistry.compute.consult;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;
import org.rdregistry.registry.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring models the scorer and a trustee evaluate: the shipped ones ({@link ScoringModels#shipped()})
 * plus those published on {@code consult.models.v1} (key {@code id@version}, value {@link ScoringModel}),
 * fed by a {@link TopicFollower}. A shipped model always wins over a published document of the same
 * reference, so the scorer and every trustee evaluate the same model even if the topic were tampered
 * with. Models are public; nothing here is secret. Thread-safe.
 */
public final class ModelCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private final Map<ModelRef, ScoringModel> shipped;
    private final Map<ModelRef, ScoringModel> published = new ConcurrentHashMap<>();
    private final Object changed = new Object();

    public ModelCatalog(List<ScoringModel> shipped) {
        Map<ModelRef, ScoringModel> byRef = new LinkedHashMap<>();
        shipped.forEach(m -> byRef.put(m.ref(), m));
        this.shipped = Map.copyOf(byRef);
    }

    /** The shipped models, plus whatever the models topic adds. */
    public static ModelCatalog withShipped() {
        return new ModelCatalog(ScoringModels.shipped());
    }

    /** The model, or null if it is neither shipped nor published (yet). */
    public ScoringModel find(ModelRef ref) {
        ScoringModel m = shipped.get(ref);
        return m != null ? m : published.get(ref);
    }

    /**
     * The model, waiting up to {@code wait} for it to be published (the models topic is read on its
     * own thread and may lag behind the topic that names the model).
     *
     * @return the model, or null if it is still unknown after {@code wait}
     */
    public ScoringModel await(ModelRef ref, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (changed) {
            ScoringModel m = find(ref);
            while (m == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
                m = find(ref);
            }
            return m;
        }
    }

    /** Every known model by reference (a snapshot). */
    public Map<ModelRef, ScoringModel> all() {
        Map<ModelRef, ScoringModel> all = new LinkedHashMap<>(published);
        all.putAll(shipped);
        return Map.copyOf(all);
    }

    /**
     * Applies one entry of the models topic. A tombstone removes a published model; the sweeper's key,
     * a key that is not a model reference, a document that is not a valid model or a model under another
     * key are ignored (logged with the key only: models are public, but a bad document is not echoed).
     */
    public void apply(String key, byte[] value) {
        if (key == null || Topics.CONSULT_SWEEP_KEY.equals(key)) {
            return;
        }
        ModelRef ref;
        try {
            ref = ModelRef.parse(key);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored a models-topic entry whose key is not a model reference");
            return;
        }
        if (shipped.containsKey(ref)) {
            if (value != null && !parsesTo(value, shipped.get(ref))) {
                LOG.warn("Ignored the published document of shipped model {}: it differs from the shipped one", ref);
            }
            return;
        }
        if (value == null) {
            published.remove(ref);
            return;
        }
        ScoringModel model;
        try {
            model = ScoringModels.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored model {}: not a valid model document", ref);
            return;
        }
        if (!model.ref().equals(ref)) {
            LOG.warn("Ignored model {}: the document is model {}", ref, model.ref());
            return;
        }
        ScoringModel before = published.put(ref, model);
        if (before != null && !before.equals(model)) {
            // a published version never changes; whoever changed it, the latest document is what the
            // scorer and the trustees (reading the same log) evaluate
            LOG.warn("Model {} was published again with other content", ref);
        }
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    private static boolean parsesTo(byte[] value, ScoringModel expected) {
        try {
            return Objects.equals(ScoringModels.parse(value), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
