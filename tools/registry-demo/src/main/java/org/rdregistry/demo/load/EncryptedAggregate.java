package org.rdregistry.demo.load;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PlaintextOutOfRangeException;
import org.rdregistry.registry.aggregate.AggregateValue;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * A received aggregate seen item by item through the demo key. {@link #matches} compares the decrypted
 * group element with expected·G, which is exact for any value (no discrete-log range limit, so large
 * sums of squares are checked too); {@link #value} decodes only for display.
 */
final class EncryptedAggregate implements TruthCheck.Observed {

    private final Map<String, Ciphertext> items = new HashMap<>();
    private final KeyPair key;
    private final ElGamal elgamal;

    EncryptedAggregate(CohortAggregate aggregate, RegistrySchema schema, KeyPair key, ElGamal elgamal) {
        this.key = key;
        this.elgamal = elgamal;
        items.put(Truth.COUNT, aggregate.count());
        for (FieldSpec spec : schema.fields()) {
            AggregateValue v = aggregate.fields().get(spec.name());
            if (spec instanceof FieldSpec.Categorical c && v instanceof AggregateValue.Histogram h) {
                for (int k = 0; k < c.categories().size() && k < h.cells().size(); k++) {
                    items.put(Truth.cell(c.name(), c.categories().get(k)), h.cells().get(k));
                }
            } else if (spec instanceof FieldSpec.Integer i && v instanceof AggregateValue.Sum s) {
                items.put(Truth.sum(i.name()), s.sum());
                if (s.sumOfSquares() != null) {
                    items.put(Truth.sumOfSquares(i.name()), s.sumOfSquares());
                }
            }
        }
    }

    @Override
    public boolean matches(String item, long expected) {
        Ciphertext c = items.get(item);
        return c != null && elgamal.decryptToPoint(key.secret(), c)
                .equals(key.group().multiplyG(BigInteger.valueOf(expected)).normalize());
    }

    @Override
    public Long value(String item) {
        Ciphertext c = items.get(item);
        if (c == null) {
            return null;
        }
        try {
            return elgamal.decrypt(key, c);
        } catch (PlaintextOutOfRangeException e) {
            return null;
        }
    }
}
