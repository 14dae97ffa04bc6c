package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.keyceremony.KeyCeremonyVerifier;
import org.rdregistry.crypto.keyceremony.PublicTranscript;
import org.rdregistry.crypto.proof.VerificationResult;
import org.rdregistry.trustee.Fingerprints;
import org.rdregistry.trustee.StrictJson;
import org.rdregistry.trustee.StrictJson.MalformedException;
import org.rdregistry.trustee.TrusteeException;

import tools.jackson.databind.node.ObjectNode;

/**
 * The public record of a finished ceremony, {@code ceremony-result.json}:
 *
 * <pre>
 * {"format": "rdregistry-key-ceremony-result", "version": 1,
 *  "configuration": {ceremony.json}, "configurationFingerprint": "&lt;hex&gt;",
 *  "transcript": {wire PublicTranscript, lists in canonical order},
 *  "result": {wire KeyCeremonyResult: participants, QUAL, faults, verdicts, joint key},
 *  "jointKey": {wire JointKey: threshold, registry key, verification keys Y_1..Y_n},
 *  "registryKeyFingerprint": "&lt;hex SHA-256 of the registry key's 33 bytes&gt;"}
 * </pre>
 *
 * Everything in it is public. {@link #verify()} re-checks it from these data alone.
 */
public record PublishedCeremony(CeremonyConfig config, PublicTranscript transcript, KeyCeremonyResult result,
                                JointKey jointKey) {

    public static final String FORMAT = "rdregistry-key-ceremony-result";
    public static final int VERSION = 1;

    public PublishedCeremony {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(jointKey, "jointKey");
    }

    /** The registry public key (the joint key Y) that records are encrypted to. */
    public PublicKey registryKey() {
        return jointKey.publicKey();
    }

    /**
     * SHA-256 of the canonical content (configuration, transcript and result in their canonical binary
     * forms): what the trustees confirm to each other in round 4, independent of JSON formatting.
     */
    public byte[] contentDigest() {
        return Fingerprints.sha256(org.rdregistry.crypto.group.ProofContext.of("format", FORMAT)
                .with("version", VERSION)
                .with("configuration", config.canonicalBytes())
                .with("transcript", org.rdregistry.crypto.wire.Wire.toBytes(transcript))
                .with("result", org.rdregistry.crypto.wire.Wire.toBytes(result))
                .with("joint-key", org.rdregistry.crypto.wire.Wire.toBytes(jointKey))
                .toBytes());
    }

    /** The document's bytes (deterministic: the same values give the same bytes with the same release). */
    public byte[] toJson() {
        ObjectNode root = StrictJson.newObject();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.set("configuration", config.toTree());
        root.put("configurationFingerprint", config.fingerprint());
        root.set("transcript", StrictJson.wire(transcript));
        root.set("result", StrictJson.wire(result));
        root.set("jointKey", StrictJson.wire(jointKey));
        root.put("registryKeyFingerprint", Fingerprints.of(jointKey.publicKey()));
        return StrictJson.write(root);
    }

    /**
     * Parses a document.
     *
     * @throws TrusteeException naming what is malformed
     */
    public static PublishedCeremony parse(byte[] bytes) {
        try {
            ObjectNode root = StrictJson.parseObject(bytes);
            StrictJson.requireProperties(root, "ceremony result", Set.of("format", "version", "configuration",
                    "configurationFingerprint", "transcript", "result", "jointKey", "registryKeyFingerprint"), Set.of());
            StrictJson.constant(root, "format", FORMAT);
            StrictJson.integer(root, "version", VERSION, VERSION);
            CeremonyConfig config = CeremonyConfig.fromTree(StrictJson.object(root, "configuration"));
            if (!config.fingerprint().equals(StrictJson.string(root, "configurationFingerprint", 64))) {
                throw new MalformedException("configurationFingerprint does not match the configuration");
            }
            PublicTranscript transcript = StrictJson.wire(root, "transcript", PublicTranscript.class, config.group());
            KeyCeremonyResult result = StrictJson.wire(root, "result", KeyCeremonyResult.class, config.group());
            JointKey jointKey = StrictJson.wire(root, "jointKey", JointKey.class, config.group());
            if (!Fingerprints.of(jointKey.publicKey()).equals(StrictJson.string(root, "registryKeyFingerprint", 64))) {
                throw new MalformedException("registryKeyFingerprint does not match the joint key");
            }
            return new PublishedCeremony(config, transcript, result, jointKey);
        } catch (MalformedException | IllegalArgumentException e) {
            throw new TrusteeException("not a valid ceremony result document: " + e.getMessage());
        }
    }

    public static PublishedCeremony read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /**
     * Re-checks the ceremony from public data: the transcript belongs to the configuration (K.1), and
     * recomputing verdicts, QUAL, the joint key and the verification keys from the transcript gives
     * exactly the announced result (spec §4.5, {@link KeyCeremonyVerifier#verify}) and joint key.
     */
    public VerificationResult verify() {
        if (!config.parameters().equals(transcript.parameters())) {
            return VerificationResult.fail("K.1", "the transcript's parameters differ from the configuration");
        }
        if (!config.parameters().equals(result.parameters())) {
            return VerificationResult.fail("K.1", "the result's parameters differ from the configuration");
        }
        VerificationResult r = KeyCeremonyVerifier.verify(transcript, result);
        if (!r.valid()) {
            return r;
        }
        if (!jointKey.equals(result.jointKey())) {
            return VerificationResult.fail("K.10", "the published joint key differs from the ceremony's result");
        }
        return VerificationResult.ok();
    }
}
