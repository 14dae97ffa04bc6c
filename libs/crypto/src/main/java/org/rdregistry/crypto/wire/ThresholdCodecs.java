package org.rdregistry.crypto.wire;

import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.decrypt.CombinedDecryption;
import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.crypto.keyceremony.Complaint;
import org.rdregistry.crypto.keyceremony.ComplaintVerdict;
import org.rdregistry.crypto.keyceremony.DealerCommitments;
import org.rdregistry.crypto.keyceremony.DealerFault;
import org.rdregistry.crypto.keyceremony.EncryptedShare;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.keyceremony.PublicTranscript;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.keyswitch.KeySwitchProof;
import org.rdregistry.crypto.keyswitch.KeySwitchResult;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.crypto.proof.DleqProof;

/**
 * Codecs of the threshold-key values (spec §8.4, tags 0x0301-0x03FF): key-ceremony messages and
 * results, partial decryptions and key-switch shares.
 *
 * <p>Limits follow {@link CeremonyParameters#MAX_PARTICIPANTS} (n ≤ 1024): trustee indices in messages
 * are in [1, 1024], per-dealer lists hold at most 1024 entries, and log-like lists (commitment
 * messages, share boxes, complaints, faults, verdicts, invalid shares, which may hold duplicates
 * posted by cheaters) at most 1024² entries; in practice {@link Wire#MAX_MESSAGE_BYTES} binds first.
 * Reports (verdicts, faults, invalid shares) accept any int32 index: they describe claims, which may
 * be out of range, and must stay encodable.
 *
 * <p>{@code TrusteeKeyShare} (and the test dealer's {@code Deal}) hold secret shares: no codec (W.0).
 */
public final class ThresholdCodecs {

    public static final int MAX_PARTICIPANTS = CeremonyParameters.MAX_PARTICIPANTS;
    /** Maximum entries of a log-like list (messages, share boxes, complaints, faults, verdicts): n². */
    public static final int MAX_LOG_ENTRIES = MAX_PARTICIPANTS * MAX_PARTICIPANTS;
    /** Maximum UTF-8 bytes of a ceremony identifier. */
    public static final int MAX_CEREMONY_ID_BYTES = 256;
    /** Maximum UTF-8 bytes of a check number such as "K.5". */
    public static final int MAX_CHECK_BYTES = 32;
    /** Maximum UTF-8 bytes of a failure reason. */
    public static final int MAX_REASON_BYTES = 1024;

    private static final FieldType<Integer> INDEX = FieldType.int32(1, MAX_PARTICIPANTS);

    /** Curve-bound without any point: the curve is the message's (spec §8.1). */
    public static final Codec<CeremonyParameters> CEREMONY_PARAMETERS = Codec
            .builder(CeremonyParameters.class, 0x0301, "ceremony-parameters")
            .group(CeremonyParameters::group)
            .string("ceremonyId", MAX_CEREMONY_ID_BYTES, CeremonyParameters::ceremonyId)
            .field("participants", INDEX, CeremonyParameters::participants)
            .field("threshold", INDEX, CeremonyParameters::threshold)
            .build(f -> new CeremonyParameters(f.group(), f.string("ceremonyId"), f.int32("participants"),
                    f.int32("threshold")));

    public static final Codec<SchnorrProof> SCHNORR_PROOF = Codec.builder(SchnorrProof.class, 0x0302, "schnorr-proof")
            .point("commitment", SchnorrProof::commitment)
            .scalar("response", SchnorrProof::response)
            .build(f -> new SchnorrProof(f.point("commitment"), f.scalar("response")));

    /** The Feldman commitments may not be infinity (a valid dealer proves knowledge of each, check K.3). */
    public static final Codec<DealerCommitments> DEALER_COMMITMENTS = Codec
            .builder(DealerCommitments.class, 0x0303, "dealer-commitments")
            .field("dealerIndex", INDEX, DealerCommitments::dealerIndex)
            .nested("communicationKey", StandardCodecs.PUBLIC_KEY, DealerCommitments::communicationKey)
            .list("coefficientCommitments", FieldType.point(), MAX_PARTICIPANTS,
                    DealerCommitments::coefficientCommitments)
            .listOf("proofs", SCHNORR_PROOF, MAX_PARTICIPANTS, DealerCommitments::proofs)
            .build(f -> new DealerCommitments(f.int32("dealerIndex"), f.get("communicationKey", PublicKey.class),
                    f.list("coefficientCommitments", ECPoint.class), f.list("proofs", SchnorrProof.class)));

    public static final Codec<EncryptedShare> ENCRYPTED_SHARE = Codec
            .builder(EncryptedShare.class, 0x0304, "encrypted-share")
            .field("dealerIndex", INDEX, EncryptedShare::dealerIndex)
            .field("recipientIndex", INDEX, EncryptedShare::recipientIndex)
            .nested("box", StandardCodecs.SEALED_BOX, EncryptedShare::box)
            .nested("ephemeralProof", SCHNORR_PROOF, EncryptedShare::ephemeralProof)
            .build(f -> new EncryptedShare(f.int32("dealerIndex"), f.int32("recipientIndex"),
                    f.get("box", SealedBox.class), f.get("ephemeralProof", SchnorrProof.class)));

    /** The revealed shared point S = sk_j·E is never infinity (E is not). */
    public static final Codec<Complaint> COMPLAINT = Codec.builder(Complaint.class, 0x0305, "complaint")
            .field("dealerIndex", INDEX, Complaint::dealerIndex)
            .field("complainerIndex", INDEX, Complaint::complainerIndex)
            .point("sharedPoint", Complaint::sharedPoint)
            .nested("proof", StandardCodecs.DLEQ_PROOF, Complaint::proof)
            .build(f -> new Complaint(f.int32("dealerIndex"), f.int32("complainerIndex"), f.point("sharedPoint"),
                    f.get("proof", DleqProof.class)));

    /** Curve-free. An inconsistent guilty index is rejected by the record (W.13). */
    public static final Codec<ComplaintVerdict> COMPLAINT_VERDICT = Codec
            .builder(ComplaintVerdict.class, 0x0306, "complaint-verdict")
            .int32("dealerIndex", ComplaintVerdict::dealerIndex)
            .int32("complainerIndex", ComplaintVerdict::complainerIndex)
            .bool("upheld", ComplaintVerdict::upheld)
            .int32("guiltyIndex", ComplaintVerdict::guiltyIndex)
            .string("check", MAX_CHECK_BYTES, ComplaintVerdict::check)
            .string("reason", MAX_REASON_BYTES, ComplaintVerdict::reason)
            .build(f -> new ComplaintVerdict(f.int32("dealerIndex"), f.int32("complainerIndex"), f.bool("upheld"),
                    f.int32("guiltyIndex"), f.string("check"), f.string("reason")));

    /** Curve-free. */
    public static final Codec<DealerFault> DEALER_FAULT = Codec.builder(DealerFault.class, 0x0307, "dealer-fault")
            .int32("dealerIndex", DealerFault::dealerIndex)
            .string("check", MAX_CHECK_BYTES, DealerFault::check)
            .string("reason", MAX_REASON_BYTES, DealerFault::reason)
            .build(f -> new DealerFault(f.int32("dealerIndex"), f.string("check"), f.string("reason")));

    /** The record requires 1 ≤ threshold ≤ n (W.13); verification keys are never infinity. */
    public static final Codec<JointKey> JOINT_KEY = Codec.builder(JointKey.class, 0x0308, "joint-key")
            .group(JointKey::group)
            .field("threshold", INDEX, JointKey::threshold)
            .nested("publicKey", StandardCodecs.PUBLIC_KEY, JointKey::publicKey)
            .list("verificationKeys", FieldType.point(), MAX_PARTICIPANTS, JointKey::verificationKeys)
            .build(f -> new JointKey(f.int32("threshold"), f.get("publicKey", PublicKey.class),
                    f.list("verificationKeys", ECPoint.class)));

    /** The ceremony's public log, as posted (it may hold conflicting or invalid messages: the verifier judges). */
    public static final Codec<PublicTranscript> PUBLIC_TRANSCRIPT = Codec
            .builder(PublicTranscript.class, 0x0309, "public-transcript")
            .group(t -> t.parameters().group())
            .nested("parameters", CEREMONY_PARAMETERS, PublicTranscript::parameters)
            .listOf("commitments", DEALER_COMMITMENTS, MAX_LOG_ENTRIES, PublicTranscript::commitments)
            .listOf("shares", ENCRYPTED_SHARE, MAX_LOG_ENTRIES, PublicTranscript::shares)
            .listOf("complaints", COMPLAINT, MAX_LOG_ENTRIES, PublicTranscript::complaints)
            .build(f -> new PublicTranscript(f.get("parameters", CeremonyParameters.class),
                    f.list("commitments", DealerCommitments.class), f.list("shares", EncryptedShare.class),
                    f.list("complaints", Complaint.class)));

    public static final Codec<KeyCeremonyResult> KEY_CEREMONY_RESULT = Codec
            .builder(KeyCeremonyResult.class, 0x030A, "key-ceremony-result")
            .group(r -> r.parameters().group())
            .nested("parameters", CEREMONY_PARAMETERS, KeyCeremonyResult::parameters)
            .list("participants", INDEX, MAX_PARTICIPANTS, KeyCeremonyResult::participants)
            .list("qualified", INDEX, MAX_PARTICIPANTS, KeyCeremonyResult::qualified)
            .listOf("faults", DEALER_FAULT, MAX_LOG_ENTRIES, KeyCeremonyResult::faults)
            .listOf("verdicts", COMPLAINT_VERDICT, MAX_LOG_ENTRIES, KeyCeremonyResult::verdicts)
            .nested("jointKey", JOINT_KEY, KeyCeremonyResult::jointKey)
            .build(f -> new KeyCeremonyResult(f.get("parameters", CeremonyParameters.class),
                    f.list("participants", Integer.class), f.list("qualified", Integer.class),
                    f.list("faults", DealerFault.class), f.list("verdicts", ComplaintVerdict.class),
                    f.get("jointKey", JointKey.class)));

    /** D_i = x_i·alpha is never infinity for a valid ciphertext (check T.2). */
    public static final Codec<PartialDecryption> PARTIAL_DECRYPTION = Codec
            .builder(PartialDecryption.class, 0x030B, "partial-decryption")
            .field("trusteeIndex", INDEX, PartialDecryption::trusteeIndex)
            .point("share", PartialDecryption::share)
            .nested("proof", StandardCodecs.DLEQ_PROOF, PartialDecryption::proof)
            .build(f -> new PartialDecryption(f.int32("trusteeIndex"), f.point("share"),
                    f.get("proof", DleqProof.class)));

    /** Curve-free. */
    public static final Codec<InvalidShare> INVALID_SHARE = Codec.builder(InvalidShare.class, 0x030C, "invalid-share")
            .int32("trusteeIndex", InvalidShare::trusteeIndex)
            .string("check", MAX_CHECK_BYTES, InvalidShare::check)
            .string("reason", MAX_REASON_BYTES, InvalidShare::reason)
            .build(f -> new InvalidShare(f.int32("trusteeIndex"), f.string("check"), f.string("reason")));

    /** Commitments are never infinity (check S.2). */
    public static final Codec<KeySwitchProof> KEY_SWITCH_PROOF = Codec
            .builder(KeySwitchProof.class, 0x030D, "key-switch-proof")
            .point("t1", KeySwitchProof::t1)
            .point("t2", KeySwitchProof::t2)
            .point("t3", KeySwitchProof::t3)
            .scalar("zv", KeySwitchProof::zv)
            .scalar("zx", KeySwitchProof::zx)
            .build(f -> new KeySwitchProof(f.point("t1"), f.point("t2"), f.point("t3"), f.scalar("zv"),
                    f.scalar("zx")));

    /** W_i = v_i·T - x_i·alpha may be infinity (check S.2 allows it); U_i = v_i·G may not. */
    public static final Codec<KeySwitchShare> KEY_SWITCH_SHARE = Codec
            .builder(KeySwitchShare.class, 0x030E, "key-switch-share")
            .field("trusteeIndex", INDEX, KeySwitchShare::trusteeIndex)
            .point("u", KeySwitchShare::u)
            .pointOrInfinity("w", KeySwitchShare::w)
            .nested("proof", KEY_SWITCH_PROOF, KeySwitchShare::proof)
            .build(f -> new KeySwitchShare(f.int32("trusteeIndex"), f.point("u"), f.point("w"),
                    f.get("proof", KeySwitchProof.class)));

    /** The plaintext point M = mG is infinity for m = 0, so the curve comes from it explicitly. */
    public static final Codec<CombinedDecryption> COMBINED_DECRYPTION = Codec
            .builder(CombinedDecryption.class, 0x030F, "combined-decryption")
            .group(c -> PrimitiveTypes.groupOfPoint(c.plaintextPoint()))
            .pointOrInfinity("plaintextPoint", CombinedDecryption::plaintextPoint)
            .list("usedTrustees", INDEX, MAX_PARTICIPANTS, CombinedDecryption::usedTrustees)
            .listOf("invalidShares", INVALID_SHARE, MAX_LOG_ENTRIES, CombinedDecryption::invalidShares)
            .build(f -> new CombinedDecryption(f.point("plaintextPoint"), f.list("usedTrustees", Integer.class),
                    f.list("invalidShares", InvalidShare.class)));

    public static final Codec<KeySwitchResult> KEY_SWITCH_RESULT = Codec
            .builder(KeySwitchResult.class, 0x0310, "key-switch-result")
            .nested("ciphertext", StandardCodecs.CIPHERTEXT, KeySwitchResult::ciphertext)
            .list("usedTrustees", INDEX, MAX_PARTICIPANTS, KeySwitchResult::usedTrustees)
            .listOf("invalidShares", INVALID_SHARE, MAX_LOG_ENTRIES, KeySwitchResult::invalidShares)
            .build(f -> new KeySwitchResult(f.get("ciphertext", Ciphertext.class), f.list("usedTrustees", Integer.class),
                    f.list("invalidShares", InvalidShare.class)));

    private ThresholdCodecs() {
    }

    static List<Codec<?>> all() {
        return List.of(CEREMONY_PARAMETERS, SCHNORR_PROOF, DEALER_COMMITMENTS, ENCRYPTED_SHARE, COMPLAINT,
                COMPLAINT_VERDICT, DEALER_FAULT, JOINT_KEY, PUBLIC_TRANSCRIPT, KEY_CEREMONY_RESULT, PARTIAL_DECRYPTION,
                INVALID_SHARE, KEY_SWITCH_PROOF, KEY_SWITCH_SHARE, COMBINED_DECRYPTION, KEY_SWITCH_RESULT);
    }
}
