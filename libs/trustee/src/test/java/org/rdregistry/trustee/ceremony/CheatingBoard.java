package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.crypto.keyceremony.DealerCommitments;
import org.rdregistry.crypto.keyceremony.EncryptedShare;
import org.rdregistry.crypto.keyceremony.KeyCeremonyParticipant;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.wire.Wire;

/**
 * A dishonest dealer's view of the board: it replaces its own share box for one recipient by a
 * well-formed box (valid ephemeral proof, correct associated data) that holds a wrong share, and signs
 * it with its own identity key, as a cheating trustee can.
 */
final class CheatingBoard implements CeremonyBoard {

    private final CeremonyBoard delegate;
    private final TestTrustees trustees;
    private final int dealer;
    private final int victim;

    CheatingBoard(CeremonyBoard delegate, TestTrustees trustees, int dealer, int victim) {
        this.delegate = delegate;
        this.trustees = trustees;
        this.dealer = dealer;
        this.victim = victim;
    }

    @Override
    public void post(SignedMessage message) throws IOException {
        if (message.round() == Round.SHARE && message.sender() == dealer && message.recipient() == victim) {
            CeremonyParameters params = trustees.config.parameters();
            GroupContext group = params.group();
            DealerCommitments victimCommitments = victimCommitments(group);
            BigInteger e = group.randomScalar();
            SealedBox box = HybridEncryption.sealWithEphemeral(victimCommitments.communicationKey(),
                    KeyCeremonyParticipant.SHARE_LABEL, group.encodeScalar(group.randomScalar()),
                    params.shareAad(dealer, victim), e);
            EncryptedShare bad = new EncryptedShare(dealer, victim, box, SchnorrProof.prove(group,
                    SchnorrProof.EPHEMERAL_DOMAIN, params.ephemeralContext(dealer, victim, box), box.ephemeral(), e));
            message = SignedMessage.sign(trustees.config, trustees.identity(dealer), Round.SHARE, dealer, victim,
                    Wire.toBytes(bad));
        }
        delegate.post(message);
    }

    private DealerCommitments victimCommitments(GroupContext group) throws IOException {
        for (Entry e : delegate.readAll()) {
            SignedMessage m = SignedMessage.parse(e.content());
            if (m.round() == Round.COMMITMENTS && m.sender() == victim && m.verify(trustees.config)) {
                return Wire.fromBytes(m.payload(), DealerCommitments.class, group);
            }
        }
        throw new IllegalStateException("no commitments of the victim yet");
    }

    @Override
    public List<Entry> readAll() throws IOException {
        return delegate.readAll();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
