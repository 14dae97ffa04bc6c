package org.rdregistry.crypto.wire;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;

/**
 * An ordered list of ciphertexts on one curve (type {@code ciphertext-list}, spec §8.4): the generic
 * carrier for aggregates such as histogram bins or a cohort's sums. It names its curve so that an empty
 * list still has one.
 */
public record CiphertextList(GroupContext group, List<Ciphertext> ciphertexts) {

    public CiphertextList {
        Objects.requireNonNull(group, "group");
        ciphertexts = List.copyOf(ciphertexts);
        for (Ciphertext c : ciphertexts) {
            if (!group.curve().equals(c.alpha().getCurve())) {
                throw new IllegalArgumentException("ciphertext on another curve than " + group.name());
            }
        }
    }

    public static CiphertextList of(GroupContext group, Ciphertext... ciphertexts) {
        return new CiphertextList(group, List.of(ciphertexts));
    }

    public int size() {
        return ciphertexts.size();
    }

    public Ciphertext get(int index) {
        return ciphertexts.get(index);
    }

    @Override
    public String toString() {
        return "CiphertextList[" + group.name() + ", " + ciphertexts.size() + " ciphertexts]";
    }
}
