package org.rdregistry.hospital.pseudonym;

import java.text.Normalizer;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Computes patient pseudonyms (CDE 1.1): HMAC-SHA256 under the {@link LinkageKey} over the normalised
 * identifiers, base64url without padding (43 characters). The exact rule, which every hospital of a
 * network must apply identically, is:
 *
 * <pre>
 * message   = "rd-pseudonym-v1|" FAMILY "|" GIVEN "|" YYYY-MM-DD "|" sex "|" NATIONALID   (UTF-8)
 * pseudonym = base64url-nopad(HMAC-SHA256(linkageKey, message))
 * </pre>
 *
 * where FAMILY, GIVEN and NATIONALID are {@link #normalise(String) normalised} (NATIONALID is empty
 * when absent), the date is ISO 8601 and sex is the schema label in lower case.
 */
public final class Pseudonymiser {

    public static final String PREFIX = "rd-pseudonym-v1|";

    private final LinkageKey key;

    public Pseudonymiser(LinkageKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Normalises a name or identifier so that spelling variants of the same value give the same result:
     * Unicode NFKD, upper case (root locale), NFKD again (upper-casing may compose), letters that do not
     * decompose transliterated (Ø→O, Đ/Ð→D, Ł→L, Ħ→H, Ŧ→T, Æ→AE, Œ→OE, Þ→TH, ẞ→SS), then everything that
     * is not a letter or a decimal digit removed (combining marks, spaces, hyphens, apostrophes, dots).
     * So "Müller-Lüdenscheidt", "MULLER LUDENSCHEIDT" and " muller-ludenscheidt " all give
     * "MULLERLUDENSCHEIDT".
     */
    public static String normalise(String value) {
        if (value == null) {
            return "";
        }
        String s = Normalizer.normalize(value, Normalizer.Form.NFKD).toUpperCase(Locale.ROOT);
        s = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String t = transliterate(cp);
            if (t != null) {
                out.append(t);
            } else if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String transliterate(int cp) {
        return switch (cp) {
            case 'Ø' -> "O";
            case 'Đ', 'Ð' -> "D";
            case 'Ł' -> "L";
            case 'Ħ' -> "H";
            case 'Ŧ' -> "T";
            case 'Æ' -> "AE";
            case 'Œ' -> "OE";
            case 'Þ' -> "TH";
            case 'ẞ' -> "SS";
            default -> null;
        };
    }

    /**
     * The message that is HMACed (exposed for documentation and for tests; it contains identifying data,
     * so never log it).
     *
     * @throws IllegalArgumentException if a name is empty after normalisation
     */
    public static String message(Identifiers id) {
        String family = normalise(id.familyName());
        String given = normalise(id.givenName());
        if (family.isEmpty()) {
            throw new IllegalArgumentException("family name is empty after normalisation");
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException("given name is empty after normalisation");
        }
        return PREFIX + family + "|" + given + "|" + DateTimeFormatter.ISO_LOCAL_DATE.format(id.dateOfBirth()) + "|"
                + id.sex().toLowerCase(Locale.ROOT) + "|" + normalise(id.nationalId());
    }

    /** The pseudonym: 43 base64url characters. */
    public String pseudonym(Identifiers id) {
        return key.hmacBase64Url(message(id));
    }
}
