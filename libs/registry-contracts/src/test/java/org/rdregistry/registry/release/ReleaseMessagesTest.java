package org.rdregistry.registry.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.schema.RegistrySchema;

import tools.jackson.core.JacksonException;

class ReleaseMessagesTest {

    private final GroupContext group = GroupContext.p256();

    @Test
    void layoutOfSchemaV1HasCountCellsSumsAndSquaresWithTheirSensitivities() {
        ReleaseLayout layout = ReleaseLayout.of(RegistrySchema.current());
        // schema v1: 45 one-hot cells, 3 integers in [0, 1200] with squares, plus the count
        assertThat(layout.size()).isEqualTo(1 + 45 + 3 + 3);
        assertThat(layout.slots().get(0).name()).isEqualTo("count");
        assertThat(layout.slots().get(layout.indexOf("sex[female]").orElseThrow()).sensitivity()).isEqualTo(1);
        assertThat(layout.slots().get(layout.indexOf("onsetMonths.sum").orElseThrow()).sensitivity()).isEqualTo(1200);
        assertThat(layout.slots().get(layout.indexOf("onsetMonths.sumOfSquares").orElseThrow()).sensitivity())
                .isEqualTo(1_440_000);
        CohortAggregate empty = CohortAggregate.empty(RegistrySchema.current(), group, "ORPHA:558");
        assertThat(layout.ciphertexts(empty)).hasSize(layout.size());
    }

    @Test
    void noiseVarianceScalesWithTheSquareOfTheSensitivity() {
        NoiseParameters p = NoiseParameters.gaussian(Rational.of(5, 2));
        Slot sum = new Slot("x.sum", Slot.Kind.SUM, "x", null, 10);
        assertThat(p.sigma2For(sum)).isEqualTo(Rational.of(250));
        assertThatThrownBy(() -> NoiseParameters.gaussian(Rational.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestsAndTrusteeMessagesRoundTripThroughJsonWithTheirType() {
        List<TrusteeKeyShare> shares = TestOnlyTrustedDealer.deal(group, 2, 3).shares();
        Encryption e = new ElGamal(group).encrypt(shares.get(0).publicKey(), 7);
        Ciphertext c = e.ciphertext();
        SchnorrProof proof = SchnorrProof.prove(group, ReleaseContexts.NOISE_DOMAIN,
                ReleaseContexts.noise("r1", "ORPHA:558", 1, "count"), c.alpha(), e.randomness());
        TrusteeMessage.NoiseContribution noise = new TrusteeMessage.NoiseContribution("r1", 1, List.of(c), List.of(proof));
        ReleaseRequest decrypt = new ReleaseRequest.Decrypt("r1", "ORPHA:558", Map.of(2, 41L), List.of(noise));
        ReleaseRequest noiseRequest = new ReleaseRequest.Noise("r1", "ORPHA:558", "1", Map.of(2, 41L), List.of(c),
                NoiseParameters.gaussian(Rational.of(3, 7)), 1234L);
        PartialDecryption share = ThresholdDecryption.partialDecrypt(shares.get(1), c,
                ReleaseContexts.decryption("r1", "ORPHA:558", "count"));
        TrusteeMessage shareMessage = new TrusteeMessage.DecryptionShares("r1", 2, List.of(share));
        TrusteeMessage refusal = new TrusteeMessage.Refusal("r1", 3, TrusteeMessage.Reason.AGGREGATE_MISMATCH, null);

        for (ReleaseRequest r : List.of(decrypt, noiseRequest)) {
            String json = RegistryJson.mapper().writeValueAsString(r);
            assertThat(RegistryJson.mapper().readValue(json, ReleaseRequest.class)).isEqualTo(r);
        }
        for (TrusteeMessage m : List.of(noise, shareMessage, refusal)) {
            String json = RegistryJson.mapper().writeValueAsString(m);
            assertThat(RegistryJson.mapper().readValue(json, TrusteeMessage.class)).isEqualTo(m);
        }
        assertThat(RegistryJson.mapper().writeValueAsString(refusal)).contains("\"type\":\"refusal\"");
    }

    @Test
    void anUnknownMessageTypeIsRejected() {
        assertThatThrownBy(() -> RegistryJson.mapper().readValue(
                "{\"type\":\"plaintext\",\"releaseId\":\"r\",\"trustee\":1}", TrusteeMessage.class))
                .isInstanceOf(JacksonException.class);
    }
}
