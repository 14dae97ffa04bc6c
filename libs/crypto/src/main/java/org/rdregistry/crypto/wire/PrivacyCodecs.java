package org.rdregistry.crypto.wire;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;

/**
 * Codecs of the differential-privacy accounting state (spec §8.4, tags 0x0401-0x04FF). These values
 * have no curve: they travel with curve id 0 and without a JSON {@code curve}, like
 * {@code proof-context}.
 *
 * <p>A {@link Rational} is written as its canonical text {@code "n"} or {@code "n/d"} (lowest terms,
 * d ≥ 2, no sign on 0, no leading zeros), so a ledger reads the same in binary and JSON and stays
 * exact. Decoders accept only that form: {@link Rational#parse} is lenient (decimals, spaces, "2/4"),
 * which would give one value several encodings. At most {@value #MAX_RATIONAL_CHARS} characters, the
 * limit of {@code Rational.parse}.
 */
public final class PrivacyCodecs {

    /** Maximum length of a rational's text (the limit of {@code Rational.parse}). */
    public static final int MAX_RATIONAL_CHARS = 400;
    /** Maximum UTF-8 bytes of a budget kind name. */
    public static final int MAX_KIND_BYTES = 16;
    /** Maximum UTF-8 bytes of a cohort identifier. */
    public static final int MAX_COHORT_BYTES = 256;

    private static final Pattern CANONICAL = Pattern.compile("-?(0|[1-9][0-9]*)(/[1-9][0-9]*)?");

    public static final Codec<Rational> RATIONAL = Codec.builder(Rational.class, 0x0401, "rational")
            .string("value", MAX_RATIONAL_CHARS, Rational::toString)
            .build(f -> rational(f.string("value")));

    /** Components are non-negative (check N.13 of the record, W.13 here). */
    public static final Codec<PrivacyCost> PRIVACY_COST = Codec.builder(PrivacyCost.class, 0x0402, "privacy-cost")
            .string("zcdpRho", MAX_RATIONAL_CHARS, c -> c.zcdpRho().toString())
            .string("pureEpsilon", MAX_RATIONAL_CHARS, c -> c.pureEpsilon().toString())
            .string("pureRho", MAX_RATIONAL_CHARS, c -> c.pureRho().toString())
            .build(f -> new PrivacyCost(rational(f.string("zcdpRho")), rational(f.string("pureEpsilon")),
                    rational(f.string("pureRho"))));

    /** {@code kind} is the enum constant name; {@code delta} is present exactly for APPROXIMATE (check N.9). */
    public static final Codec<PrivacyBudget> PRIVACY_BUDGET = Codec
            .builder(PrivacyBudget.class, 0x0403, "privacy-budget")
            .string("kind", MAX_KIND_BYTES, b -> b.kind().name())
            .string("limit", MAX_RATIONAL_CHARS, b -> b.limit().toString())
            .optional("delta", FieldType.string(MAX_RATIONAL_CHARS), b -> b.delta() == null ? null : b.delta().toString())
            .build(f -> budget(kind(f.string("kind")), rational(f.string("limit")), f.get("delta", String.class)));

    public static final Codec<PrivacyAccountant> PRIVACY_ACCOUNTANT = Codec
            .builder(PrivacyAccountant.class, 0x0404, "privacy-accountant")
            .string("cohort", MAX_COHORT_BYTES, PrivacyAccountant::cohort)
            .nested("budget", PRIVACY_BUDGET, PrivacyAccountant::budget)
            .nested("spent", PRIVACY_COST, PrivacyAccountant::spent)
            .int64("releases", 0, Long.MAX_VALUE, PrivacyAccountant::releases)
            .build(f -> new PrivacyAccountant(f.string("cohort"), f.get("budget", PrivacyBudget.class),
                    f.get("spent", PrivacyCost.class), f.int64("releases")));

    private PrivacyCodecs() {
    }

    static List<Codec<?>> all() {
        return List.of(RATIONAL, PRIVACY_COST, PRIVACY_BUDGET, PRIVACY_ACCOUNTANT);
    }

    /** Parses only the canonical text of a rational; anything else is an IllegalArgumentException (W.13). */
    static Rational rational(String text) {
        if (!CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("rational must be written \"n\" or \"n/d\" in lowest terms");
        }
        int slash = text.indexOf('/');
        Rational r = slash < 0 ? new Rational(new BigInteger(text), BigInteger.ONE)
                : new Rational(new BigInteger(text.substring(0, slash)), new BigInteger(text.substring(slash + 1)));
        if (!r.toString().equals(text)) {
            throw new IllegalArgumentException("rational not in canonical form (lowest terms, denominator > 1,"
                    + " no negative zero)");
        }
        return r;
    }

    /** The record reports a missing delta with a NullPointerException; here it must be a W.13 rejection. */
    private static PrivacyBudget budget(PrivacyBudget.Kind kind, Rational limit, String delta) {
        if (kind == PrivacyBudget.Kind.APPROXIMATE && delta == null) {
            throw new IllegalArgumentException("an (epsilon, delta) budget needs a delta (check N.9)");
        }
        return new PrivacyBudget(kind, limit, delta == null ? null : rational(delta));
    }

    private static PrivacyBudget.Kind kind(String name) {
        for (PrivacyBudget.Kind k : PrivacyBudget.Kind.values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown budget kind " + Codec.quote(name));
    }
}
