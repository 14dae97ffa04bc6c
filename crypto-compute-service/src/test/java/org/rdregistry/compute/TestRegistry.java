package org.rdregistry.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.registry.aggregate.AggregateValue;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordEvent;
import org.rdregistry.registry.events.EncryptedValue;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * Test-only registry: a key dealt to three test trustees at test time is the registry key, and its
 * whole secret (known to the test-only dealer) lets tests decrypt aggregates and compare them with the
 * plaintext truth. Encrypted patients are
 * made once per JVM (about 70 ms each) and shared by every test class.
 */
public final class TestRegistry {

    public static final GroupContext GROUP = GroupContext.p256();
    public static final RegistrySchema SCHEMA = RegistrySchema.current();
    /**
     * Test-only trustees: a 2-of-3 key dealt at test time (a trusted dealer knows the whole secret,
     * which is what lets tests decrypt directly); never outside tests.
     */
    public static final TestOnlyTrustedDealer.Deal DEAL = TestOnlyTrustedDealer.deal(GROUP, 2, 3);
    /** The dealt key as one key pair: the registry key of every test, and its secret for direct decryption. */
    public static final KeyPair DEALER_KEY = DEAL.keyPair();
    public static final String COHORT_A = "ORPHA:558";
    public static final String COHORT_B = "ORPHA:166024";

    private static final RecordEncryptor ENCRYPTOR = new RecordEncryptor(SCHEMA, DEALER_KEY.publicKey());
    // sums of squares of a few patients stay far below 2^32
    /** Decodes |m| < 2^32, fast enough for the noisy sums of squares of release tests. */
    public static final DiscreteLog DISCRETE_LOG = new DiscreteLog(GROUP, 1 << 14, 1L << 32);
    private static final ElGamal ELGAMAL = new ElGamal(GROUP, DISCRETE_LOG);
    private static final Map<String, Patient> CACHE = new ConcurrentHashMap<>();

    private TestRegistry() {
    }

    /** One version of one patient's record: its plaintext truth and its encrypted submission. */
    public record Patient(String label, PlaintextRecord plaintext, RecordSubmission submission) {

        public String key() {
            return submission.key();
        }

        public String cohort() {
            return submission.cohort();
        }

        /** The records-topic value, as intake writes it. */
        public byte[] event() {
            return TestRegistry.event(submission);
        }
    }

    /** A new patient in {@code cohort}; its values and pseudonym are derived from {@code label}. */
    public static Patient patient(String label, String cohort) {
        return CACHE.computeIfAbsent(label, l -> encrypt(l, new PlaintextRecord(pseudonym(l), cohort, values(l))));
    }

    /** A new version (new values, new record id) of {@code patient}'s record. */
    public static Patient update(Patient patient, String label) {
        return CACHE.computeIfAbsent(label, l -> encrypt(l, new PlaintextRecord(patient.plaintext().pseudonym(),
                patient.plaintext().cohort(), values(l))));
    }

    /** The submission's fields under the given identity: copied ciphertexts whose proofs do not match it. */
    public static RecordSubmission withFieldsOf(RecordSubmission identity, String recordId, RecordSubmission donor) {
        return new RecordSubmission(recordId, identity.pseudonym(), identity.cohort(), identity.schemaVersion(),
                identity.contentDigest(), donor.fields());
    }

    /** The same submission without one of its fields: structurally invalid. */
    public static RecordSubmission withoutField(RecordSubmission s, String field) {
        Map<String, EncryptedValue> fields = new java.util.LinkedHashMap<>(s.fields());
        fields.remove(field);
        return new RecordSubmission(s.recordId(), s.pseudonym(), s.cohort(), s.schemaVersion(), s.contentDigest(), fields);
    }

    public static byte[] event(RecordSubmission submission) {
        return RegistryJson.mapper().writeValueAsBytes(new RecordEvent("hospital-test", 1_700_000_000_000L, submission));
    }

    public static String recordId(String label) {
        return pad("record-" + label);
    }

    /** Decrypts every ciphertext of {@code aggregate} with the dealer key and compares it with the truth. */
    public static void assertDecryptsTo(CohortAggregate aggregate, Collection<PlaintextRecord> truth) {
        assertThat(truth).allSatisfy(p -> assertThat(p.cohort()).isEqualTo(aggregate.cohort()));
        assertThat(decrypt(aggregate.count())).as("count of " + aggregate.cohort()).isEqualTo(truth.size());
        for (FieldSpec f : SCHEMA.fields()) {
            AggregateValue value = aggregate.fields().get(f.name());
            if (f instanceof FieldSpec.Categorical c) {
                List<Ciphertext> cells = ((AggregateValue.Histogram) value).cells();
                assertThat(cells).hasSize(c.categories().size());
                for (int k = 0; k < cells.size(); k++) {
                    String label = c.categories().get(k);
                    long expected = truth.stream().filter(p -> p.values().get(c.name()).equals(label)).count();
                    assertThat(decrypt(cells.get(k))).as(c.name() + "=" + label).isEqualTo(expected);
                }
            } else if (f instanceof FieldSpec.Integer i) {
                AggregateValue.Sum sum = (AggregateValue.Sum) value;
                long expected = 0;
                long expectedSquares = 0;
                for (PlaintextRecord p : truth) {
                    long v = ((Number) p.values().get(i.name())).longValue() - i.min();
                    expected += v;
                    expectedSquares += v * v;
                }
                assertThat(decrypt(sum.sum())).as("sum of " + i.name()).isEqualTo(expected);
                assertThat(decrypt(sum.sumOfSquares())).as("sum of squares of " + i.name()).isEqualTo(expectedSquares);
            }
        }
    }

    public static long decrypt(Ciphertext c) {
        return ELGAMAL.decrypt(DEALER_KEY, c);
    }

    private static Patient encrypt(String label, PlaintextRecord plaintext) {
        RecordSubmission s = ENCRYPTOR.encrypt(recordId(label), pad("digest-" + label), plaintext);
        return new Patient(label, plaintext, s);
    }

    private static Map<String, Object> values(String label) {
        Random rnd = new Random(label.hashCode());
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec f : SCHEMA.fields()) {
            if (f instanceof FieldSpec.Categorical c) {
                values.put(c.name(), c.categories().get(rnd.nextInt(c.categories().size())));
            } else if (f instanceof FieldSpec.Integer i) {
                values.put(i.name(), i.min() + rnd.nextInt((int) (i.max() - i.min() + 1)));
            }
        }
        return values;
    }

    private static String pseudonym(String label) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("pseudonym:" + label).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pad(String s) {
        StringBuilder b = new StringBuilder(s.replaceAll("[^A-Za-z0-9_-]", "-"));
        while (b.length() < 16) {
            b.append('0');
        }
        return b.toString();
    }
}
