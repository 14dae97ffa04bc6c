package org.rdregistry.demo.synthetic;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rdregistry.hospital.pseudonym.Pseudonymiser;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * Generates fake patients with plausible distributions (see {@link CohortProfile}): sexes balanced,
 * onset by the cohort's pattern, a log-normal diagnostic delay, follow-up of up to 15 years before
 * registration, consents and biosamples at typical rates, regions unevenly populated. Every patient is
 * valid for the hospital client's mapping: onset &le; diagnosis &le; age at registration, dates in the past,
 * at most one row per (patient, cohort). Deterministic for a given seed.
 */
public final class SyntheticPatients {

    private static final List<String> FAMILY = List.of("Müller", "Dupont", "García", "Rossi", "Nowak", "Jansen",
            "O'Brien", "Novák", "Nielsen", "Papadopoulos", "Kowalski", "Fernández", "Łukasik", "Øverby", "Schmidt",
            "Martin", "Bernard", "Silva", "Santos", "Horváth", "Popescu", "Virtanen", "Andersson", "De Vries",
            "Murphy", "Weber", "Moreau", "Romano", "Ivanova", "Kovačević", "Lefèvre", "Costa", "Berg", "Lindqvist",
            "Schneider", "Fischer", "Petit", "Ricci", "Wójcik", "Dubois", "Sánchez", "Gallagher", "Hoffmann",
            "Esposito", "Kaczmarek", "Mäkinen", "Karlsson", "Ferreira", "Nagy", "Dimitrov");
    private static final List<String> GIVEN_FEMALE = List.of("Anna", "Siobhán", "Sofia", "Emma", "Léa", "Zofia",
            "Giulia", "Ingrid", "Mia", "Chloé", "Elena", "Aoife", "Inès", "Nora", "Ana", "Maja", "Eva", "Clara", "Ewa",
            "Greta", "Alba", "Marie-Claire", "Dorota", "Saoirse");
    private static final List<String> GIVEN_MALE = List.of("Jean-Pierre", "José María", "Lukas", "Mateo", "Noah",
            "Jan", "Lars", "Oskar", "Hugo", "Marek", "Björn", "Pavel", "Tomás", "Felix", "Luca", "Jakub", "Mikko",
            "Rui", "Dmitri", "Søren", "Kristóf", "Émile", "Ciarán", "Paolo");
    private static final Weighted SEX = Weighted.of("female", 495, "male", 495, "undetermined", 5, "unknown", 5);
    private static final Weighted REGION = Weighted.of("north", 18, "south", 18, "east", 14, "west", 15,
            "central", 24, "overseas", 3, "unknown", 8);
    private static final Weighted CONTACT = Weighted.of("yes", 78, "no", 22);
    private static final Weighted REUSE = Weighted.of("yes", 84, "no", 16);
    private static final Weighted BIOSAMPLE = Weighted.of("yes", 35, "no", 65);
    private static final Pattern BAND = Pattern.compile("(\\d+)-(\\d+)|(\\d+)\\+");

    private final RegistrySchema schema;
    private final List<String> cohorts;
    private final LocalDate registrationDate;
    private final Random rnd;
    private final Set<String> identities = new HashSet<>();
    private final FieldSpec.Categorical ageBands;

    /**
     * @param cohorts ORPHA codes ({@code ORPHA:n}); patients are spread over them with weights 1, 1/2, 1/3 ...
     *     (one common disease and rarer ones) unless {@link #balanced} is used
     * @param registrationDate the registration date of every patient (not in the future)
     */
    public SyntheticPatients(RegistrySchema schema, List<String> cohorts, LocalDate registrationDate, long seed) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.cohorts = List.copyOf(cohorts);
        this.registrationDate = Objects.requireNonNull(registrationDate, "registrationDate");
        this.rnd = new Random(seed);
        if (this.cohorts.isEmpty()) {
            throw new IllegalArgumentException("at least one cohort is needed");
        }
        for (String c : this.cohorts) {
            if (!RecordSubmission.COHORT.matcher(c).matches() || c.equals("ORPHA:0") || c.startsWith("ORPHA:0")) {
                throw new IllegalArgumentException("not an ORPHA code (like ORPHA:558): " + c);
            }
        }
        this.ageBands = (FieldSpec.Categorical) schema.field("ageBand")
                .orElseThrow(() -> new IllegalArgumentException("schema " + schema.version() + " has no ageBand"));
    }

    /** A patient in a cohort drawn with weights 1, 1/2, 1/3 ... over the cohort list. */
    public SyntheticPatient next() {
        double total = 0;
        for (int i = 0; i < cohorts.size(); i++) {
            total += 1.0 / (i + 1);
        }
        double x = rnd.nextDouble() * total;
        int i = 0;
        for (x -= 1.0; x > 0 && i < cohorts.size() - 1; x -= 1.0 / (i + 1)) {
            i++;
        }
        return next(cohorts.get(i));
    }

    /** A new patient (an identity not generated before) in the given cohort. */
    public SyntheticPatient next(String cohort) {
        CohortProfile profile = CohortProfile.of(cohort);
        long onset = profile.onsetMonths(rnd);
        long diagnosis = Math.min(1100, onset + profile.delayMonths(rnd));
        onset = Math.min(onset, diagnosis);
        // follow-up between diagnosis and registration: up to 15 years, shorter ones more frequent
        long followUp = (long) (180 * rnd.nextDouble() * rnd.nextDouble());
        long ageMonths = Math.min(1190, diagnosis + 1 + followUp);
        LocalDate dob = registrationDate.minusMonths(ageMonths).minusDays(rnd.nextInt(28));
        String sex = SEX.draw(rnd);
        String family;
        String given;
        for (int attempt = 1; ; attempt++) {
            family = pick(FAMILY) + (rnd.nextInt(4) == 0 ? "-" + pick(FAMILY) : "");
            given = pick(switch (sex) {
                case "female" -> GIVEN_FEMALE;
                case "male" -> GIVEN_MALE;
                default -> rnd.nextBoolean() ? GIVEN_FEMALE : GIVEN_MALE;
            });
            // one row per patient and cohort: an identity drawn twice is drawn again (tens of thousands of names
            // per birth date and sex; after many collisions the birth date moves a day earlier, which keeps
            // diagnosis <= age at registration)
            if (identities.add(Pseudonymiser.normalise(family) + "|" + Pseudonymiser.normalise(given) + "|" + dob
                    + "|" + sex + "|" + cohort)) {
                break;
            }
            if (attempt % 64 == 0) {
                dob = dob.minusDays(1);
            }
        }
        String band = null;
        if (onset == 0 && profile == CohortProfile.CONGENITAL && rnd.nextInt(10) < 3) {
            band = "antenatal";
        } else if (rnd.nextInt(10) < 6) {
            band = SyntheticPatient.derivedOnsetBand(onset);
        }
        String vital = profile.vitalStatus.draw(rnd);
        return new SyntheticPatient(family, given, dob, sex, cohort, registrationDate, vital, band, onset, diagnosis,
                profile.genetic.draw(rnd), CONTACT.draw(rnd), REUSE.draw(rnd), BIOSAMPLE.draw(rnd),
                profile.disability.draw(rnd), REGION.draw(rnd));
    }

    /**
     * The plaintext record of a patient as the hospital client would map it, under a random pseudonym
     * (the load generator has no linkage key to compute real ones, and needs none).
     */
    public PlaintextRecord plaintext(SyntheticPatient p) {
        byte[] pseudonym = new byte[32];
        rnd.nextBytes(pseudonym);
        return plaintext(p, Base64.getUrlEncoder().withoutPadding().encodeToString(pseudonym));
    }

    /** The plaintext record of a patient with the given pseudonym. */
    public PlaintextRecord plaintext(SyntheticPatient p, String pseudonym) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sex", p.sex());
        v.put("ageBand", ageBand(Period.between(p.dateOfBirth(), p.registrationDate()).getYears()));
        v.put("vitalStatus", p.vitalStatus());
        v.put("onsetBand", p.effectiveOnsetBand());
        v.put("onsetMonths", p.onsetMonths());
        v.put("diagnosisMonths", p.diagnosisMonths());
        v.put("diagnosticDelayMonths", p.diagnosisMonths() - p.onsetMonths());
        v.put("geneticDiagnosis", p.geneticDiagnosis());
        v.put("contactConsent", p.contactConsent());
        v.put("reuseConsent", p.reuseConsent());
        v.put("biosample", p.biosample());
        v.put("disability", p.disability());
        v.put("region", p.region());
        if (!v.keySet().equals(schema.byName().keySet())) {
            throw new IllegalStateException("schema " + schema.version() + " has fields " + schema.byName().keySet()
                    + "; the generator fills " + v.keySet());
        }
        return new PlaintextRecord(pseudonym, p.cohort(), v);
    }

    /** The schema's age band ({@code "0-1"}, ..., {@code "65+"}) of an age in completed years. */
    String ageBand(int years) {
        for (String label : ageBands.categories()) {
            Matcher m = BAND.matcher(label);
            if (!m.matches()) {
                throw new IllegalStateException("age band label not understood: " + label);
            }
            boolean in = m.group(3) != null ? years >= Integer.parseInt(m.group(3))
                    : years >= Integer.parseInt(m.group(1)) && years <= Integer.parseInt(m.group(2));
            if (in) {
                return label;
            }
        }
        throw new IllegalStateException("no age band for " + years + " years");
    }

    /** A fresh random ORPHA-like code that no real cohort uses: {@code ORPHA:9} and five random digits. */
    public static List<String> freshCohorts(int n, Random rnd) {
        Set<String> codes = new java.util.LinkedHashSet<>();
        while (codes.size() < n) {
            codes.add(String.format("ORPHA:9%05d", rnd.nextInt(100_000)));
        }
        return new ArrayList<>(codes);
    }

    private String pick(List<String> list) {
        return list.get(rnd.nextInt(list.size()));
    }
}
