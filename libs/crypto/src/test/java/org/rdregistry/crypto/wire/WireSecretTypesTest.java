package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.ZeroOneProof;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spec check W.0 for the secret-holding values of the threshold and proof areas: a trustee's key share
 * (and the test dealer's deal, and the provers' results that carry encryption randomness) can be
 * neither encoded, nor written or read by the Jackson module, and no codec can be registered for them.
 */
class WireSecretTypesTest {

    static final GroupContext G = GroupContext.p256();
    static final JsonMapper MAPPER = JsonMapper.builder().addModule(Wire.jacksonModule()).build();

    public record ShareEvent(String trustee, TrusteeKeyShare share) {
    }

    public record KeyEvent(String trustee, JointKey key) {
    }

    static TrusteeKeyShare share() {
        return AreaSamples.threshold(G).deal().share(1);
    }

    @Test
    void trusteeKeyShareIsRefusedByTheFacade() {
        TrusteeKeyShare share = share();
        String secret = share.secret().toString();
        for (Runnable r : List.<Runnable>of(() -> Wire.toBytes(share), () -> Wire.toJson(share),
                () -> Wire.fromBytes(new byte[6], TrusteeKeyShare.class),
                () -> Wire.fromJson("{}", TrusteeKeyShare.class))) {
            assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(WireFormatException.class)
                    .hasMessageContaining("TrusteeKeyShare holds a trustee's secret key share")
                    .hasMessageContaining("no wire form")
                    .hasMessageNotContaining(secret);
        }
        assertThat(Wire.toBytes(share.jointKey())).isNotEmpty();
    }

    @Test
    void trusteeKeyShareIsRefusedByTheJacksonModuleBothWays() {
        TrusteeKeyShare share = share();
        assertThatThrownBy(() -> MAPPER.writeValueAsString(new ShareEvent("t1", share)))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("secret key share")
                .hasMessageNotContaining(share.secret().toString());
        assertThatThrownBy(() -> MAPPER.writeValueAsString(share)).isInstanceOf(JacksonException.class);
        String json = "{\"trustee\":\"t1\",\"share\":{\"index\":1,\"secret\":5}}";
        assertThatThrownBy(() -> MAPPER.readValue(json, ShareEvent.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("no wire form");
        // the public part is fine
        KeyEvent ok = new KeyEvent("t1", share.jointKey());
        assertThat(MAPPER.readValue(MAPPER.writeValueAsString(ok), KeyEvent.class)).isEqualTo(ok);
    }

    @Test
    void otherSecretCarriersAreRefused() {
        KeyPair kp = KeyPair.generate(G);
        TestOnlyTrustedDealer.Deal deal = AreaSamples.threshold(G).deal();
        ZeroOneProof.ProvenBit bit = AreaSamples.provenBit(G, kp.publicKey(), 1);
        RangeProof.Result range = RangeProof.prove(G, kp.publicKey(), AreaSamples.CONTEXT, 1, 1);
        for (Object secretHolder : List.of(deal, bit, range)) {
            assertThatThrownBy(() -> Wire.toBytes(secretHolder)).hasMessageContaining("secret")
                    .hasMessageContaining("no wire form");
            assertThatThrownBy(() -> MAPPER.writeValueAsString(secretHolder)).isInstanceOf(JacksonException.class)
                    .hasMessageContaining("secret");
        }
        assertThat(Wire.toBytes(bit.proof())).isNotEmpty();
        assertThat(Wire.toBytes(range.proof())).isNotEmpty();
    }

    @Test
    void noCodecCanBeRegisteredForATrusteeKeyShare() {
        Codec<TrusteeKeyShare> leaky = Codec.builder(TrusteeKeyShare.class, 0xF0F0, "leaky-share")
                .group(TrusteeKeyShare::group)
                .scalar("secret", TrusteeKeyShare::secret)
                .build(f -> null);
        assertThatThrownBy(() -> WireRegistry.standard().toBuilder().add(leaky))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret key share");
        assertThat(WireRegistry.standard().codecs()).noneMatch(c -> WireRegistry.SECRET_TYPES.containsKey(c.type()));
    }
}
