package org.rdregistry.crypto.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.crypto.keyceremony.Complaint;
import org.rdregistry.crypto.keyceremony.DealerCommitments;
import org.rdregistry.crypto.keyceremony.EncryptedShare;
import org.rdregistry.crypto.keyceremony.KeyCeremonyParticipant;
import org.rdregistry.crypto.keyceremony.PublicTranscript;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.crypto.proof.BatchResult;
import org.rdregistry.crypto.proof.BatchVerifier;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;

/**
 * The worked example of libs/crypto/README.md, kept compiling and passing here so the README stays
 * true: key ceremony, encrypt and prove, batch-verify, aggregate, threshold-decrypt, key-switch.
 */
class WorkedExampleTest {

    @Test
    void encryptProveBatchVerifyAggregateThresholdDecryptAndKeySwitch() {
        GroupContext group = GroupContext.p256();

        // 1. Key ceremony: 3 trustees, any 2 can decrypt. Every message goes on a public log.
        CeremonyParameters params = new CeremonyParameters(group, "registry-2026", 3, 2);
        List<KeyCeremonyParticipant> trustees = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            trustees.add(new KeyCeremonyParticipant(params, i));
        }
        List<DealerCommitments> commitments = trustees.stream().map(KeyCeremonyParticipant::commitments).toList();
        for (KeyCeremonyParticipant t : trustees) {
            commitments.stream().filter(c -> c.dealerIndex() != t.index()).forEach(t::acceptCommitments);
        }
        List<EncryptedShare> boxes = new ArrayList<>();
        for (KeyCeremonyParticipant dealer : trustees) {
            for (int j = 1; j <= 3; j++) {
                if (j != dealer.index()) {
                    boxes.add(dealer.shareFor(j));
                }
            }
        }
        List<Complaint> complaints = new ArrayList<>();
        for (EncryptedShare box : boxes) {
            trustees.get(box.recipientIndex() - 1).receive(box).ifPresent(complaints::add);
        }
        PublicTranscript log = new PublicTranscript(params, commitments, boxes, complaints);
        List<TrusteeKeyShare> shares = trustees.stream().map(t -> t.finish(log)).toList();
        PublicKey registryKey = shares.get(0).publicKey();

        // 2. A hospital encrypts and proves two records: sex (one-hot of 4) and age at onset in months.
        List<OneHotEncryption> sexes = new ArrayList<>();
        List<RangeProof> onsets = new ArrayList<>();
        int[] sex = {1, 2};
        long[] onsetMonths = {14, 230};
        for (int r = 0; r < 2; r++) {
            ProofContext record = ProofContext.of("registry-key", registryKey.encoded())
                    .with("schema", "1").with("record", "rec-" + r);
            sexes.add(OneHotEncryption.prove(group, registryKey, record.with("field", "sex"), sex[r], 4));
            onsets.add(RangeProof.prove(group, registryKey, record.with("field", "onset"), onsetMonths[r], 1200).proof());
        }

        // 3. Intake verifies every proof of the batch in one multi-scalar multiplication.
        BatchVerifier verifier = new BatchVerifier(group);
        for (int r = 0; r < 2; r++) {
            ProofContext record = ProofContext.of("registry-key", registryKey.encoded())
                    .with("schema", "1").with("record", "rec-" + r);
            verifier.add(sexes.get(r), registryKey, record.with("field", "sex"), 4);
            verifier.add(onsets.get(r), registryKey, record.with("field", "onset"), 1200);
        }
        BatchResult verdict = verifier.verify();
        assertThat(verdict.valid()).isTrue();

        // 4. The aggregator adds ciphertexts: a histogram cell and a sum, never decrypting anything.
        Ciphertext sexCell2 = sexes.get(0).ciphertexts().get(2).add(sexes.get(1).ciphertexts().get(2));
        Ciphertext onsetSum = onsets.get(0).valueCiphertext(group, 1200).add(onsets.get(1).valueCiphertext(group, 1200));

        // 5. Any 2 trustees decrypt the aggregate; each share carries a proof the combiner checks.
        ProofContext release = ProofContext.of("release", "cohort-ORPHA-558-v1");
        List<PartialDecryption> partials = List.of(
                ThresholdDecryption.partialDecrypt(shares.get(0), onsetSum, release),
                ThresholdDecryption.partialDecrypt(shares.get(2), onsetSum, release));
        DecryptionCombiner combiner = new DecryptionCombiner(shares.get(0).jointKey());
        ElGamal elgamal = new ElGamal(group);
        assertThat(combiner.decrypt(onsetSum, release, partials, elgamal.discreteLog())).isEqualTo(244);

        // 6. Key switching: trustees re-encrypt the histogram cell to a researcher's key, no one decrypts it.
        KeyPair researcher = KeyPair.generate(group);
        List<KeySwitchShare> switchShares = List.of(
                KeySwitch.createShare(shares.get(1), sexCell2, researcher.publicKey(), release),
                KeySwitch.createShare(shares.get(2), sexCell2, researcher.publicKey(), release));
        Ciphertext forResearcher = new KeySwitchCombiner(shares.get(0).jointKey())
                .combine(sexCell2, researcher.publicKey(), release, switchShares).ciphertext();
        assertThat(elgamal.decrypt(researcher, forResearcher)).isEqualTo(1);
    }
}
