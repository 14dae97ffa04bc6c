package org.rdregistry.crypto.keyceremony;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.hybrid.AuthenticationFailedException;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.proof.DleqProof;
import org.rdregistry.crypto.proof.VerificationResult;

/**
 * One trustee's side of the key ceremony (spec §4.2-4.5), without any transport: the caller moves the
 * messages (Kafka, files, ...) and this object holds the trustee's secrets (communication key and
 * polynomial coefficients), which never leave it except as sealed shares.
 *
 * <ol>
 *   <li>publish {@link #commitments()}; feed every other trustee's message to {@link #acceptCommitments};</li>
 *   <li>post {@link #shareFor(int)} for every other trustee j;</li>
 *   <li>pass each box addressed to this trustee to {@link #receive}; post any complaint it returns;</li>
 *   <li>when the log is complete, {@link #finish(PublicTranscript)} yields the {@link TrusteeKeyShare}.</li>
 * </ol>
 *
 * <p>Thread-safe (methods are synchronized). Not persistent: a trustee that restarts mid-ceremony must
 * join a new ceremony.
 */
public final class KeyCeremonyParticipant {

    /** HybridEncryption label of share boxes (spec §4.3). */
    public static final String SHARE_LABEL = "keyceremony/share";

    private final CeremonyParameters params;
    private final int index;
    private final KeyPair communication;
    private final BigInteger[] coefficients;
    private final DealerCommitments own;
    private final Map<Integer, DealerCommitments> others = new HashMap<>();

    /** A participant with a fresh communication key pair. */
    public KeyCeremonyParticipant(CeremonyParameters params, int index) {
        this(params, index, KeyPair.generate(params.group()));
    }

    /** A participant with a given communication key pair (for example a trustee's long-term key). */
    public KeyCeremonyParticipant(CeremonyParameters params, int index, KeyPair communicationKey) {
        this.params = Objects.requireNonNull(params, "params");
        if (!params.isIndex(index)) {
            throw new IllegalArgumentException("index must be in [1, " + params.participants() + "]");
        }
        if (communicationKey.group() != params.group()) {
            throw new IllegalArgumentException("communication key on another curve");
        }
        this.index = index;
        this.communication = communicationKey;
        GroupContext group = params.group();
        this.coefficients = new BigInteger[params.threshold()];
        ECPoint[] k = new ECPoint[params.threshold()];
        SchnorrProof[] proofs = new SchnorrProof[params.threshold()];
        for (int m = 0; m < coefficients.length; m++) {
            coefficients[m] = group.randomScalar();
            k[m] = group.multiplyG(coefficients[m]);
            proofs[m] = SchnorrProof.prove(group, params.coefficientContext(index, m), k[m], coefficients[m]);
        }
        this.own = new DealerCommitments(index, communicationKey.publicKey(), List.of(k), List.of(proofs));
    }

    public int index() {
        return index;
    }

    public CeremonyParameters parameters() {
        return params;
    }

    public PublicKey communicationKey() {
        return communication.publicKey();
    }

    /** Round 1: this trustee's commitments, proofs and communication key, to broadcast. */
    public DealerCommitments commitments() {
        return own;
    }

    /**
     * Round 1, receiving side: remembers another trustee's commitments (needed to seal its share and to
     * check the share it sends) and returns the result of checks K.2 and K.3 on it. Messages failing
     * them are kept too: such a dealer is excluded publicly, but it is still a recipient.
     *
     * @throws IllegalArgumentException for a message naming this trustee or conflicting with an earlier one
     */
    public synchronized VerificationResult acceptCommitments(DealerCommitments other) {
        int i = other.dealerIndex();
        if (i == index) {
            throw new IllegalArgumentException("commitments claim this trustee's own index " + i);
        }
        VerificationResult result = CeremonyChecks.verifyCommitments(params, other);
        if (!params.isIndex(i)) {
            return result;
        }
        DealerCommitments previous = others.putIfAbsent(i, other);
        if (previous != null && !previous.equals(other)) {
            throw new IllegalArgumentException("K.2: conflicting commitment messages from trustee " + i);
        }
        return result;
    }

    /** Round 2: f_index(j) sealed to trustee j's communication key (spec §4.3). */
    public synchronized EncryptedShare shareFor(int recipient) {
        if (recipient == index || !params.isIndex(recipient)) {
            throw new IllegalArgumentException("no share for index " + recipient);
        }
        DealerCommitments r = others.get(recipient);
        if (r == null) {
            throw new IllegalStateException("commitments of trustee " + recipient + " not accepted yet");
        }
        if (r.communicationKey().group() != params.group()) {
            throw new IllegalStateException("trustee " + recipient + " has a communication key on another curve (K.2)");
        }
        BigInteger s = CeremonyChecks.evaluatePolynomial(params.group(), coefficients, recipient);
        GroupContext group = params.group();
        BigInteger e = group.randomScalar();
        SealedBox box = HybridEncryption.sealWithEphemeral(r.communicationKey(), SHARE_LABEL, group.encodeScalar(s),
                params.shareAad(index, recipient), e);
        SchnorrProof ephemeralProof = SchnorrProof.prove(group, SchnorrProof.EPHEMERAL_DOMAIN,
                params.ephemeralContext(index, recipient, box), box.ephemeral(), e);
        return new EncryptedShare(index, recipient, box, ephemeralProof);
    }

    /**
     * Round 2, receiving side: opens a box addressed to this trustee and checks the share (spec K.5).
     * Returns a provable {@link Complaint} if the box does not open, does not hold a scalar, or fails the
     * check; empty if the share is good, or if the dealer is already excluded by public checks K.2-K.4
     * (its share does not count anyway).
     */
    public synchronized Optional<Complaint> receive(EncryptedShare share) {
        int i = share.dealerIndex();
        if (share.recipientIndex() != index || i == index) {
            throw new IllegalArgumentException("share " + share + " is not for trustee " + index);
        }
        DealerCommitments dealer = others.get(i);
        if (dealer == null) {
            throw new IllegalStateException("commitments of dealer " + i + " not accepted yet");
        }
        GroupContext group = params.group();
        if (!CeremonyChecks.verifyCommitments(params, dealer).valid() || !CeremonyChecks.validBox(params, share)) {
            return Optional.empty();
        }
        if (openAndCheck(dealer, share).valid()) {
            return Optional.empty();
        }
        ECPoint s = HybridEncryption.sharedPoint(communication, share.box());
        DleqProof proof = DleqProof.prove(group, Complaint.DOMAIN, params.complaintContext(i, index),
                complaintStatement(group, communication.publicKey(), share.box(), s), communication.secret());
        return Optional.of(new Complaint(i, index, s, proof));
    }

    /**
     * Round 4: evaluates the complete public log (spec §4.5) and computes this trustee's share
     * x_j = sum_{i in QUAL} f_i(j) from the boxes the log holds for it, then checks x_j·G = Y_j (K.12).
     *
     * @throws KeyCeremonyException if the ceremony failed, or a qualified dealer's share to this trustee
     *     is bad although no complaint about it was upheld
     */
    public synchronized TrusteeKeyShare finish(PublicTranscript transcript) {
        if (!params.equals(transcript.parameters())) {
            throw new KeyCeremonyException("K.1", "transcript belongs to other ceremony parameters");
        }
        if (!transcript.commitments().contains(own)) {
            throw new KeyCeremonyException("K.2", "this trustee's commitments are missing from the transcript");
        }
        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(transcript);
        if (!result.participants().contains(index)) {
            throw new KeyCeremonyException("K.2", "trustee " + index + " is not a participant of the ceremony");
        }
        GroupContext group = params.group();
        BigInteger x = BigInteger.ZERO;
        for (int i : result.qualified()) {
            if (i == index) {
                x = x.add(CeremonyChecks.evaluatePolynomial(group, coefficients, index));
                continue;
            }
            DealerCommitments dealer = KeyCeremonyVerifier.commitmentsOf(transcript, i);
            EncryptedShare box = transcript.shares().stream()
                    .filter(s -> s.dealerIndex() == i && s.recipientIndex() == index)
                    .findFirst()
                    .orElseThrow(() -> new KeyCeremonyException("K.4", "no share from qualified dealer " + i));
            Optional<BigInteger> s = open(box);
            if (s.isEmpty() || !CeremonyChecks.checkShare(params, dealer, index, s.get()).valid()) {
                throw new KeyCeremonyException("K.5", "share from qualified dealer " + i
                        + " is invalid but no complaint against it was upheld");
            }
            x = x.add(s.get());
        }
        x = x.mod(group.order());
        JointKey key = result.jointKey();
        if (!group.multiplyG(x).equals(key.verificationKey(index))) {
            throw new KeyCeremonyException("K.12", "x_" + index + "*G != Y_" + index);
        }
        return new TrusteeKeyShare(index, x, params.threshold(), key.publicKey(), key.verificationKeys());
    }

    private VerificationResult openAndCheck(DealerCommitments dealer, EncryptedShare share) {
        Optional<BigInteger> s = open(share);
        if (s.isEmpty()) {
            return VerificationResult.fail("K.8", "box does not open to a scalar");
        }
        return CeremonyChecks.checkShare(params, dealer, index, s.get());
    }

    private Optional<BigInteger> open(EncryptedShare share) {
        if (!CeremonyChecks.validBox(params, share)) {
            return Optional.empty();
        }
        try {
            byte[] plain = HybridEncryption.open(communication, SHARE_LABEL, share.box(),
                    params.shareAad(share.dealerIndex(), index));
            return CeremonyChecks.decodeShare(params.group(), plain);
        } catch (AuthenticationFailedException e) {
            return Optional.empty();
        }
    }

    /** The complaint statement (G, PK_j, E, S) of spec §4.4. */
    static DleqProof.Statement complaintStatement(GroupContext group, PublicKey complainer, SealedBox box, ECPoint s) {
        return new DleqProof.Statement(group.generator(), complainer.point(), box.ephemeral(), s);
    }

    @Override
    public String toString() {
        return "KeyCeremonyParticipant[" + params.ceremonyId() + ", index=" + index + ", secrets=<redacted>]";
    }
}
