package org.rdregistry.hospital.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.rdregistry.registry.events.RecordSubmission;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class PseudonymiserTest {

    static final byte[] KEY_BYTES = new byte[32];
    static {
        for (int i = 0; i < 32; i++) {
            KEY_BYTES[i] = (byte) i;
        }
    }
    static final Pseudonymiser P = new Pseudonymiser(LinkageKey.of(KEY_BYTES));

    static Identifiers person(String family, String given, String dob, String sex, String nationalId) {
        return new Identifiers(family, given, LocalDate.parse(dob), sex, nationalId);
    }

    @Test
    void knownAnswerVectorsComputedOutsideJava() {
        // expected values computed with Python's hmac module on the documented message:
        // hmac.new(bytes(range(32)), message.encode(), sha256), base64url without padding
        assertThat(P.pseudonym(person("Müller-Lüdenscheidt", "José María", "1984-02-29", "female", "AB 123 456 C")))
                .isEqualTo("G99-S0x7bPFQ2bqGTwYuaJgqC61Vk2Ak9VjC5jIY46E");
        assertThat(P.pseudonym(person("O'Brien", "Siobhán", "2010-07-01", "male", null)))
                .isEqualTo("QPvRrgrDF3Cf62WviF5I_lbddJQU0PIcV7OM59qUXgc");
        assertThat(LinkageKey.of(KEY_BYTES).fingerprint()).isEqualTo("65kXqzYWgpcyKCgM");
    }

    @Test
    void knownAnswerAgainstJavaxMacOnTheDocumentedMessage() throws Exception {
        Identifiers id = person("  de la Cruz ", "Ana-Lucía", "1999-12-31", "undetermined", "");
        String message = "rd-pseudonym-v1|DELACRUZ|ANALUCIA|1999-12-31|undetermined|";
        assertThat(Pseudonymiser.message(id)).isEqualTo(message);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY_BYTES, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        assertThat(P.pseudonym(id)).isEqualTo(expected).hasSize(43).matches(RecordSubmission.PSEUDONYM);
    }

    @Test
    void spellingVariantsOfOnePersonGiveOnePseudonym() {
        String reference = P.pseudonym(person("Müller-Lüdenscheidt", "José María", "1984-02-29", "female", "AB 123 456 C"));
        assertThat(P.pseudonym(person("MULLER LUDENSCHEIDT", "jose maria", "1984-02-29", "female", "ab123456c")))
                .isEqualTo(reference);
        assertThat(P.pseudonym(person(" müller–lüdenscheidt ", "José\tMaría", "1984-02-29", "FEMALE", "AB-123-456-C")))
                .isEqualTo(reference);
        // decomposed (NFD) input, as some systems store it
        assertThat(P.pseudonym(person("Mu\u0308ller-Lu\u0308denscheidt", "Jose\u0301 Mari\u0301a", "1984-02-29", "female",
                "AB 123 456 C"))).isEqualTo(reference);
        // fullwidth letters (NFKD) and letters that do not decompose
        assertThat(Pseudonymiser.normalise("ＡＢＣ１２３")).isEqualTo("ABC123");
        assertThat(Pseudonymiser.normalise("Øverbø Łukasz Straße Ægir Þór Đoković ĦAŻŻ")).isEqualTo("OVERBOLUKASZSTRASSEAEGIRTHORDOKOVICHAZZ");
        assertThat(Pseudonymiser.normalise("d'Alembert-Ñúñez")).isEqualTo("DALEMBERTNUNEZ");
    }

    @Test
    void differentPeopleDiffer() {
        String a = P.pseudonym(person("Smith", "Anna", "1980-01-01", "female", null));
        assertThat(P.pseudonym(person("Smith", "Anne", "1980-01-01", "female", null))).isNotEqualTo(a);
        assertThat(P.pseudonym(person("Smith", "Anna", "1980-01-02", "female", null))).isNotEqualTo(a);
        assertThat(P.pseudonym(person("Smith", "Anna", "1980-01-01", "male", null))).isNotEqualTo(a);
        assertThat(P.pseudonym(person("Smith", "Anna", "1980-01-01", "female", "X1"))).isNotEqualTo(a);
        // the separator keeps name boundaries: "AB|C" differs from "A|BC"
        assertThat(P.pseudonym(person("Ab", "C", "1980-01-01", "female", null)))
                .isNotEqualTo(P.pseudonym(person("A", "Bc", "1980-01-01", "female", null)));
        // another key, another pseudonym
        assertThat(new Pseudonymiser(LinkageKey.generate()).pseudonym(person("Smith", "Anna", "1980-01-01", "female", null)))
                .isNotEqualTo(a);
    }

    @Test
    void namesWithoutLettersAreRefused() {
        assertThatThrownBy(() -> P.pseudonym(person(" - ", "Anna", "1980-01-01", "female", null)))
                .hasMessageContaining("family name");
        assertThatThrownBy(() -> P.pseudonym(person("Smith", "...", "1980-01-01", "female", null)))
                .hasMessageContaining("given name");
    }

    @Property(tries = 300)
    void normalisationIsIdempotentAndKeepsOnlyUpperCaseLettersAndDigits(@ForAll String s) {
        String n = Pseudonymiser.normalise(s);
        assertThat(Pseudonymiser.normalise(n)).isEqualTo(n);
        assertThat(n.codePoints().allMatch(Character::isLetterOrDigit)).isTrue();
        assertThat(Pseudonymiser.normalise(s.toLowerCase(java.util.Locale.ROOT)))
                .isEqualTo(Pseudonymiser.normalise(s.toUpperCase(java.util.Locale.ROOT)));
    }
}
