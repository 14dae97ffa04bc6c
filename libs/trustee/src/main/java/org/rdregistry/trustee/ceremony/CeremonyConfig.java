package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.trustee.AtomicFiles;
import org.rdregistry.trustee.Fingerprints;
import org.rdregistry.trustee.StrictJson;
import org.rdregistry.trustee.StrictJson.MalformedException;
import org.rdregistry.trustee.TrusteeException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ceremony configuration ({@code ceremony.json}) that the trustees agree on out of band before a key
 * ceremony: the ceremony id (never reused), the curve, n, t, and for every trustee index 1..n the public
 * identity key that must sign that trustee's messages. Every trustee checks the same
 * {@link #fingerprint()}; it is also bound into every message signature, so trustees holding different
 * configurations cannot take part in the same ceremony.
 *
 * <pre>
 * {"format": "rdregistry-key-ceremony-config", "version": 1, "ceremonyId": "registry-2026",
 *  "curve": "P-256", "participants": 3, "threshold": 2,
 *  "trustees": [{"index": 1, "identity": {wire JSON public key}}, ...]}
 * </pre>
 */
public record CeremonyConfig(String ceremonyId, GroupContext group, int threshold, List<PublicKey> identities) {

    public static final String FORMAT = "rdregistry-key-ceremony-config";
    public static final int VERSION = 1;
    /** Ceremony ids: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128. */
    public static final Pattern CEREMONY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public CeremonyConfig {
        Objects.requireNonNull(ceremonyId, "ceremonyId");
        Objects.requireNonNull(group, "group");
        identities = List.copyOf(identities);
        if (!CEREMONY_ID.matcher(ceremonyId).matches()) {
            throw new IllegalArgumentException("ceremony id must be 1-128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        new CeremonyParameters(group, ceremonyId, identities.size(), threshold);   // K.1
        Set<PublicKey> distinct = new HashSet<>(identities);
        if (distinct.size() != identities.size()) {
            throw new IllegalArgumentException("two trustees have the same identity key");
        }
    }

    /** n, the number of trustees. */
    public int participants() {
        return identities.size();
    }

    public PublicKey identity(int index) {
        if (index < 1 || index > identities.size()) {
            throw new IllegalArgumentException("no trustee " + index + " in the ceremony configuration (1.."
                    + identities.size() + ")");
        }
        return identities.get(index - 1);
    }

    /** The crypto core's parameters (spec §4.1) of this ceremony. */
    public CeremonyParameters parameters() {
        return new CeremonyParameters(group, ceremonyId, identities.size(), threshold);
    }

    /** SHA-256 hex of the canonical encoding of every field: what trustees compare out of band. */
    public String fingerprint() {
        return Fingerprints.of(canonicalBytes());
    }

    /** The canonical encoding the fingerprint is computed from. */
    public byte[] canonicalBytes() {
        ProofContext ctx = ProofContext.of("format", FORMAT).with("version", VERSION).with("ceremony", ceremonyId)
                .with("curve", group.name()).with("n", participants()).with("t", threshold);
        for (int i = 1; i <= participants(); i++) {
            PublicKey id = identity(i);
            ctx = ctx.with("index", i).with("identity-curve", id.group().name()).with("identity", id.encoded());
        }
        return ctx.toBytes();
    }

    public ObjectNode toTree() {
        ObjectNode root = StrictJson.newObject();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("ceremonyId", ceremonyId);
        root.put("curve", group.name());
        root.put("participants", participants());
        root.put("threshold", threshold);
        ArrayNode trustees = root.putArray("trustees");
        for (int i = 1; i <= participants(); i++) {
            ObjectNode t = trustees.addObject();
            t.put("index", i);
            t.set("identity", StrictJson.wire(identity(i)));
        }
        return root;
    }

    public byte[] toJson() {
        return StrictJson.write(toTree());
    }

    /** Writes a new configuration file (never overwrites). */
    public void write(Path file) throws IOException {
        AtomicFiles.create(file, toJson(), AtomicFiles.PUBLIC);
    }

    public static CeremonyConfig read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return fromTree(StrictJson.parseObject(bytes));
        } catch (MalformedException | IllegalArgumentException e) {
            throw new TrusteeException("ceremony configuration " + file + " is invalid: " + e.getMessage());
        }
    }

    /**
     * Parses a configuration tree.
     *
     * @throws MalformedException or IllegalArgumentException naming what is wrong
     */
    public static CeremonyConfig fromTree(JsonNode root) {
        StrictJson.requireProperties(root, "configuration", Set.of("format", "version", "ceremonyId", "curve",
                "participants", "threshold", "trustees"), Set.of());
        StrictJson.constant(root, "format", FORMAT);
        StrictJson.integer(root, "version", VERSION, VERSION);
        String id = StrictJson.string(root, "ceremonyId", 128);
        GroupContext group;
        try {
            group = GroupContext.forName(StrictJson.string(root, "curve", 64));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("unknown curve (use P-256 or secp256k1)");
        }
        int n = StrictJson.integer(root, "participants", 1, CeremonyParameters.MAX_PARTICIPANTS);
        int t = StrictJson.integer(root, "threshold", 1, n);
        JsonNode trustees = root.get("trustees");
        if (trustees == null || !trustees.isArray() || trustees.size() != n) {
            throw new MalformedException("\"trustees\" must be an array of " + n + " entries (indices 1.." + n + ")");
        }
        List<PublicKey> identities = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            JsonNode entry = trustees.get(i - 1);
            if (!entry.isObject()) {
                throw new MalformedException("trustee entry " + i + " must be an object");
            }
            StrictJson.requireProperties(entry, "trustee entry " + i, Set.of("index", "identity"), Set.of());
            if (StrictJson.integer(entry, "index", 1, n) != i) {
                throw new MalformedException("trustee entries must be listed in index order 1.." + n);
            }
            identities.add(StrictJson.wire(entry, "identity", PublicKey.class, null));
        }
        return new CeremonyConfig(id, group, t, identities);
    }
}
