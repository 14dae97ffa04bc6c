package org.rdregistry.trustee.ceremony;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.trustee.Fingerprints;
import org.rdregistry.trustee.StrictJson;
import org.rdregistry.trustee.StrictJson.MalformedException;
import org.rdregistry.trustee.identity.IdentitySignature;

import tools.jackson.databind.node.ObjectNode;

/**
 * One message on the ceremony board, signed with the sender's identity key:
 *
 * <pre>
 * {"v":1,"ceremony":"registry-2026","round":"share","sender":1,"recipient":3,
 *  "payload":"&lt;base64url&gt;","signature":"&lt;base64url, 65 bytes&gt;"}
 * </pre>
 *
 * recipient 0 means "everyone". The payload is the crypto core's wire binary form of the round's value
 * (a share box stays sealed to its recipient). The signature ({@link IdentitySignature}) covers
 *
 * <pre>
 *   ("message", "rdregistry/trustee/ceremony-message/v1") ("config", fingerprint of ceremony.json)
 *   ("ceremony", id) ("round", name) ("sender", i) ("recipient", j) ("payload", bytes)
 * </pre>
 *
 * so a message cannot be moved to another ceremony, configuration, round, sender or recipient.
 */
public final class SignedMessage {

    public static final int VERSION = 1;
    public static final int MAX_PAYLOAD_BYTES = 512 << 10;
    public static final int MAX_BYTES = 1 << 20;
    static final String PURPOSE = "rdregistry/trustee/ceremony-message/v1";

    private final String ceremonyId;
    private final Round round;
    private final int sender;
    private final int recipient;
    private final byte[] payload;
    private final byte[] signature;

    SignedMessage(String ceremonyId, Round round, int sender, int recipient, byte[] payload, byte[] signature) {
        this.ceremonyId = Objects.requireNonNull(ceremonyId, "ceremonyId");
        this.round = Objects.requireNonNull(round, "round");
        this.sender = sender;
        this.recipient = recipient;
        this.payload = payload.clone();
        this.signature = signature.clone();
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
    }

    /** Signs a message of {@code sender} (whose identity key pair is {@code identity}). */
    public static SignedMessage sign(CeremonyConfig config, KeyPair identity, Round round, int sender, int recipient,
                                     byte[] payload) {
        if (!identity.publicKey().equals(config.identity(sender))) {
            throw new IllegalArgumentException("the identity key is not trustee " + sender + "'s in the configuration");
        }
        byte[] sig = IdentitySignature.sign(identity, signedContent(config, config.ceremonyId(), round, sender,
                recipient, payload));
        return new SignedMessage(config.ceremonyId(), round, sender, recipient, payload, sig);
    }

    /**
     * Whether this message belongs to {@code config}'s ceremony and is signed by the identity key the
     * configuration lists for its sender.
     */
    public boolean verify(CeremonyConfig config) {
        return ceremonyId.equals(config.ceremonyId()) && sender >= 1 && sender <= config.participants()
                && IdentitySignature.verify(config.identity(sender),
                        signedContent(config, ceremonyId, round, sender, recipient, payload), signature);
    }

    static ProofContext signedContent(CeremonyConfig config, String ceremonyId, Round round, int sender, int recipient,
                                      byte[] payload) {
        return ProofContext.of("message", PURPOSE)
                .with("config", config.fingerprint())
                .with("ceremony", ceremonyId)
                .with("round", round.wireName())
                .with("sender", sender)
                .with("recipient", recipient)
                .with("payload", payload);
    }

    public String ceremonyId() {
        return ceremonyId;
    }

    public Round round() {
        return round;
    }

    public int sender() {
        return sender;
    }

    /** The recipient's index, 0 for a message to everyone. */
    public int recipient() {
        return recipient;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** The compact JSON form posted to the board. */
    public byte[] toBytes() {
        ObjectNode node = StrictJson.newObject();
        node.put("v", VERSION);
        node.put("ceremony", ceremonyId);
        node.put("round", round.wireName());
        node.put("sender", sender);
        node.put("recipient", recipient);
        node.put("payload", StrictJson.base64(payload));
        node.put("signature", StrictJson.base64(signature));
        return StrictJson.writeCompact(node);
    }

    /**
     * Parses a message from the board (not yet verified).
     *
     * @throws MalformedException if it is not a message of this format
     */
    public static SignedMessage parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new MalformedException("message larger than " + MAX_BYTES + " bytes");
        }
        ObjectNode node = StrictJson.parseObject(bytes);
        StrictJson.requireProperties(node, "message", Set.of("v", "ceremony", "round", "sender", "recipient", "payload",
                "signature"), Set.of());
        StrictJson.integer(node, "v", VERSION, VERSION);
        String id = StrictJson.string(node, "ceremony", 128);
        Round round = Round.byWireName(StrictJson.string(node, "round", 32))
                .orElseThrow(() -> new MalformedException("unknown round"));
        int sender = StrictJson.integer(node, "sender", 1, Integer.MAX_VALUE);
        int recipient = StrictJson.integer(node, "recipient", 0, Integer.MAX_VALUE);
        byte[] payload = StrictJson.base64(node, "payload", 0, MAX_PAYLOAD_BYTES);
        byte[] signature = StrictJson.base64(node, "signature", IdentitySignature.BYTES, IdentitySignature.BYTES);
        return new SignedMessage(id, round, sender, recipient, payload, signature);
    }

    /**
     * The file name on a {@link DirectoryBoard}: round, sender and recipient for people looking at the
     * directory, plus a digest of the content so that different messages never share a name.
     */
    public String fileName() {
        return "r" + round.number() + "-" + round.wireName() + "-from-" + sender + "-to-"
                + (recipient == 0 ? "all" : Integer.toString(recipient)) + "-"
                + HexFormat.of().formatHex(Fingerprints.sha256(toBytes()), 0, 8) + ".json";
    }

    /** Who sent what to whom, without the content. */
    public String describe() {
        return round.wireName() + " message from trustee " + sender
                + (recipient == 0 ? "" : " to trustee " + recipient);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedMessage m && Arrays.equals(toBytes(), m.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "SignedMessage[" + ceremonyId + ", " + describe() + "]";
    }
}
