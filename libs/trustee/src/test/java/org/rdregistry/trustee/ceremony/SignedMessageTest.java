package org.rdregistry.trustee.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.rdregistry.trustee.StrictJson.MalformedException;

class SignedMessageTest {

    static final TestTrustees T = new TestTrustees("message-test", 3, 2);
    static final byte[] PAYLOAD = {9, 8, 7, 6};

    @Test
    void roundTripAndVerification() {
        SignedMessage m = SignedMessage.sign(T.config, T.identity(2), Round.SHARE, 2, 3, PAYLOAD);
        SignedMessage back = SignedMessage.parse(m.toBytes());
        assertThat(back).isEqualTo(m);
        assertThat(back.verify(T.config)).isTrue();
        assertThat(back.fileName()).matches(DirectoryBoard.MESSAGE_FILE).startsWith("r2-share-from-2-to-3-");
        assertThat(back.toString()).doesNotContain("CQgHBg");   // base64url of the payload
    }

    @Test
    void theSignatureBindsEveryFieldAndTheConfiguration() {
        SignedMessage m = SignedMessage.sign(T.config, T.identity(2), Round.SHARE, 2, 3, PAYLOAD);
        byte[] sig = m.signature();
        assertThat(new SignedMessage("message-test", Round.COMMITMENTS, 2, 3, PAYLOAD, sig).verify(T.config)).isFalse();
        assertThat(new SignedMessage("message-test", Round.SHARE, 2, 1, PAYLOAD, sig).verify(T.config)).isFalse();
        assertThat(new SignedMessage("message-test", Round.SHARE, 1, 3, PAYLOAD, sig).verify(T.config)).isFalse();
        assertThat(new SignedMessage("message-test", Round.SHARE, 2, 3, new byte[] {9, 8, 7}, sig).verify(T.config)).isFalse();
        assertThat(new SignedMessage("message-test-2", Round.SHARE, 2, 3, PAYLOAD, sig).verify(T.config)).isFalse();
        // same identities, other threshold: another configuration fingerprint
        CeremonyConfig other = new CeremonyConfig("message-test", T.config.group(), 3, T.config.identities());
        assertThat(m.verify(other)).isFalse();
        assertThat(new SignedMessage("message-test", Round.SHARE, 2, 3, PAYLOAD, sig).verify(T.config)).isTrue();
    }

    @Test
    void onlyTheConfiguredIdentityCanSignForAnIndex() {
        assertThatThrownBy(() -> SignedMessage.sign(T.config, T.identity(1), Round.SHARE, 2, 3, PAYLOAD))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedMessagesAreRejected() {
        String good = new String(SignedMessage.sign(T.config, T.identity(1), Round.COMMITMENTS, 1, 0, PAYLOAD).toBytes(),
                StandardCharsets.UTF_8);
        String[] bad = {
            "", "[]", "{", good + "x", good.replace("\"v\":1", "\"v\":2"), good.replace("\"round\":\"commitments\"",
                    "\"round\":\"gossip\""), good.replace("\"sender\":1", "\"sender\":0"),
            good.replace("\"sender\":1", "\"sender\":\"1\""), good.replace("}", ",\"extra\":1}"),
            good.replace("\"recipient\":0,", ""), good.replace("\"payload\":\"", "\"payload\":\"!")};
        for (String b : bad) {
            assertThatThrownBy(() -> SignedMessage.parse(b.getBytes(StandardCharsets.UTF_8))).as(b)
                    .isInstanceOf(MalformedException.class);
        }
    }
}
