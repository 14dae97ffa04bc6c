package org.rdregistry.crypto.group;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The caller-supplied context a proof is bound to (spec §1.5): for example registry key, schema
 * version, record id and field. Labelled, length-prefixed parts in a fixed order, so that two
 * different contexts never serialise to the same bytes. A proof made under one context fails
 * verification under any other.
 */
public final class ProofContext {

    private static final ProofContext EMPTY = new ProofContext(new byte[0]);

    private final byte[] bytes;

    private ProofContext(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ProofContext empty() {
        return EMPTY;
    }

    /** A context with one labelled string part. */
    public static ProofContext of(String label, String value) {
        return EMPTY.with(label, value);
    }

    /** A context with one labelled byte-string part (for example the encoded registry key). */
    public static ProofContext of(String label, byte[] value) {
        return EMPTY.with(label, value);
    }

    /** Appends a labelled string part. */
    public ProofContext with(String label, String value) {
        Objects.requireNonNull(value, "context value");
        return with(label, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a labelled long part. */
    public ProofContext with(String label, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        return with(label, b);
    }

    /** Appends a labelled byte-string part (for example an encoded registry key). */
    public ProofContext with(String label, byte[] value) {
        Objects.requireNonNull(label, "context label");
        Objects.requireNonNull(value, "context value");
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + value.length + label.length() + 8);
        out.writeBytes(bytes);
        writeLengthPrefixed(out, label.getBytes(StandardCharsets.UTF_8));
        writeLengthPrefixed(out, value);
        return new ProofContext(out.toByteArray());
    }

    /** The canonical serialisation hashed into transcripts. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Restores a context from {@link #toBytes()}. */
    public static ProofContext fromBytes(byte[] bytes) {
        return new ProofContext(bytes.clone());
    }

    static void writeLengthPrefixed(ByteArrayOutputStream out, byte[] value) {
        int n = value.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProofContext other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ProofContext[" + bytes.length + " bytes]";
    }
}
