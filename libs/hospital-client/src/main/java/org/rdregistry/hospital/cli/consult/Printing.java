package org.rdregistry.hospital.cli.consult;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.rdregistry.hospital.consult.DecryptedScore;
import org.rdregistry.registry.consult.ScoringModel;

/** How the consult commands show things; text from others is shown without terminal control characters. */
final class Printing {

    private Printing() {
    }

    /**
     * UTF-8 text with every control character except newline and tab replaced, so that a history or an
     * opinion cannot drive the reader's terminal (escape sequences).
     */
    static String safeText(byte[] utf8) {
        return safe(new String(utf8, StandardCharsets.UTF_8), true);
    }

    /** One line of text from the service: control characters (line breaks included) replaced. */
    static String safe(String s) {
        return s == null ? "" : safe(s, false);
    }

    private static String safe(String s, boolean multiline) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            boolean allowed = multiline && (c == '\n' || c == '\t');
            boolean control = Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT
                    && c != 0x200D;
            b.appendCodePoint(control && !allowed ? 0xFFFD : c);
        });
        return b.toString();
    }

    static void scores(PrintWriter out, List<DecryptedScore> scores) {
        for (DecryptedScore s : scores) {
            out.println("  " + s.model() + "  " + safe(s.title()));
            out.println("    score " + s.valueAndRange() + (s.meaning() == null ? "" : ": " + safe(s.meaning())));
        }
    }

    static void modelLine(PrintWriter out, ScoringModel m) {
        out.printf("%-28s %-16s %s (%d features, score %s to %s)%n", m.ref(), m.specialty(), safe(m.title()),
                m.features().size(), display(m, m.minPoints()), display(m, m.maxPoints()));
    }

    static String display(ScoringModel m, int points) {
        return new DecryptedScore(m.ref(), m.title(), points, m.scale(), points, points, null).value().toPlainString();
    }

    static void modelDetails(PrintWriter out, ScoringModel m) {
        out.println(m.ref() + ": " + safe(m.title()));
        out.println("  specialty: " + m.specialty());
        out.println("  reference: " + safe(m.reference()));
        out.println("  score: sum of the points of the chosen categories" + (m.scale() == 1 ? ""
                : ", divided by " + m.scale()) + "; " + display(m, m.minPoints()) + " to " + display(m, m.maxPoints()));
        out.println("  features (answer each with one category label):");
        for (ScoringModel.Feature f : m.features()) {
            out.println("    " + f.name() + ": " + safe(f.description()));
            for (ScoringModel.Category c : f.categories()) {
                out.println("      - " + safe(c.label()) + " (" + c.points() + " point" + (Math.abs(c.points()) == 1 ? ""
                        : "s") + ")");
            }
        }
        if (!m.interpretation().isEmpty()) {
            out.println("  interpretation:");
            for (ScoringModel.Band b : m.interpretation()) {
                out.println("    from " + display(m, b.atLeast()) + ": " + safe(b.meaning()));
            }
        }
    }
}
