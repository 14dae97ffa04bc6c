package org.rdregistry.consult.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.consult.TestConsult;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.ConsultationCase.Lease;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.ModelScore;
import org.rdregistry.registry.consult.ScoreEvaluator;

/**
 * Share handling of the state machine, with real crypto and no broker: valid shares are kept per item and trustee,
 * a share proven for another request or item is rejected and counted, a trustee counts once, and t valid shares
 * combine into ciphertexts the target decrypts.
 */
class KeySwitchingTest {

    static final KeySwitching SWITCHING = new KeySwitching(TestConsult.DEAL.jointKey(),
            new KeySwitchCombiner(TestConsult.DEAL.jointKey()));

    final KeyPair patient = KeyPair.generate(TestConsult.GROUP);
    final ConsultationSubmission submission = TestConsult.cardiology(ConsultationEncryptor.newConsultationId(),
            patient, 4, "history");
    final List<ModelScore> scores = ScoreEvaluator.scores(TestConsult.GROUP, submission, TestConsult.MODELS);

    @Test
    void patientScoresCombineFromAnyTwoValidTrusteesAndBadSharesAreCounted() {
        KeySwitchRequest request = SWITCHING.patientRequest(submission, scores);
        assertThat(request.items()).extracting(KeySwitchRequest.Item::name)
                .containsExactly(ConsultContexts.scoreItem(TestConsult.CHA.ref()));
        assertThat(request.target()).isEqualTo(patient.publicKey());
        PendingSwitch pending = PendingSwitch.of(request, Instant.now());

        KeySwitching.Applied bad = SWITCHING.apply(pending, shares(request, 3, "another-request"));
        assertThat(bad.invalid()).isEqualTo(1);
        assertThat(bad.pending().valid()).isEmpty();

        KeySwitching.Applied one = SWITCHING.apply(bad.pending(), shares(request, 1, request.requestId()));
        assertThat(one.invalid()).isZero();
        assertThat(one.pending().complete(2)).isFalse();
        // the same trustee again does not make two
        assertThat(SWITCHING.apply(one.pending(), shares(request, 1, request.requestId())).pending().complete(2))
                .isFalse();
        // a share claiming to be from another trustee than the message's sender is invalid
        ConsultTrusteeMessage.Shares forged = new ConsultTrusteeMessage.Shares(request.requestId(),
                request.consultationId(), 2, shares(request, 1, request.requestId()).shares());
        assertThat(SWITCHING.apply(one.pending(), forged).invalid()).isEqualTo(1);

        KeySwitching.Applied two = SWITCHING.apply(one.pending(), shares(request, 2, request.requestId()));
        assertThat(two.pending().complete(2)).isTrue();
        long points = new ElGamal(TestConsult.GROUP).decrypt(patient, SWITCHING.combine(two.pending()).get(0));
        assertThat(points).isEqualTo(TestConsult.CHA.testVectors().get(4).points());
    }

    @Test
    void theExpertRequestCarriesTheScoresAndTheHistoryKeyToTheLeaseKey() {
        KeyPair expert = KeyPair.generate(TestConsult.GROUP);
        Lease lease = new Lease("lease-1", "dr-heart", expert.publicKey(), Instant.now().plusSeconds(60));
        KeySwitchRequest request = SWITCHING.expertRequest(submission, scores, lease);
        assertThat(request.purpose()).isEqualTo(KeySwitchRequest.Purpose.EXPERT);
        assertThat(request.leaseId()).isEqualTo("lease-1");
        assertThat(request.items()).extracting(KeySwitchRequest.Item::name)
                .containsExactly(ConsultContexts.scoreItem(TestConsult.CHA.ref()), ConsultContexts.HISTORY_KEY_ITEM);
        PendingSwitch pending = PendingSwitch.of(request, Instant.now());
        pending = SWITCHING.apply(pending, shares(request, 3, request.requestId())).pending();
        pending = SWITCHING.apply(pending, shares(request, 1, request.requestId())).pending();
        assertThat(pending.complete(2)).isTrue();
        var switched = SWITCHING.combine(pending);
        byte[] history = submission.history().open(expert, switched.get(1), ConsultContexts.HISTORY_LABEL,
                ConsultContexts.historyAad(submission.consultationId()));
        assertThat(new String(history, StandardCharsets.UTF_8)).isEqualTo("history");
    }

    /** Trustee {@code trustee}'s shares for every item, proven under {@code requestId}'s context. */
    static ConsultTrusteeMessage.Shares shares(KeySwitchRequest request, int trustee, String requestId) {
        List<KeySwitchShare> shares = new ArrayList<>();
        for (KeySwitchRequest.Item item : request.items()) {
            shares.add(KeySwitch.createShare(TestConsult.DEAL.share(trustee), item.ciphertext(), request.target(),
                    ConsultContexts.keySwitch(request.consultationId(), requestId, item.name())));
        }
        return new ConsultTrusteeMessage.Shares(request.requestId(), request.consultationId(), trustee, shares);
    }

}
