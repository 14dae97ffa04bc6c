package org.rdregistry.hospital.cli;

import java.io.PrintWriter;

import org.rdregistry.hospital.Progress;

/**
 * A one-line progress bar redrawn with carriage returns on stderr; the submit command uses it only when
 * a console is attached, so that logs and pipes stay clean.
 */
final class ProgressBar implements Progress.Listener {

    private static final int BAR = 30;

    private final PrintWriter out;
    private String last = "";

    ProgressBar(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void update(Progress p) {
        String line = render(p);
        if (!line.equals(last)) {
            out.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
            out.flush();
            last = line;
        }
    }

    /** Clears the line, so that the summary starts on a clean one. */
    void finish() {
        if (!last.isEmpty()) {
            out.print("\r" + " ".repeat(last.length()) + "\r");
            out.flush();
            last = "";
        }
    }

    static String render(Progress p) {
        int total = p.goodRows();
        int filled = total == 0 ? BAR : (int) ((long) BAR * p.sent() / total);
        int ahead = total == 0 ? 0 : (int) ((long) BAR * p.encrypted() / total) - filled;
        StringBuilder s = new StringBuilder("[");
        s.append("#".repeat(filled)).append("+".repeat(Math.max(0, ahead)))
                .append(".".repeat(Math.max(0, BAR - filled - Math.max(0, ahead)))).append("] ");
        s.append(p.sent()).append('/').append(total).append(" sent, ")
                .append(p.encrypted()).append('/').append(total).append(" encrypted");
        if (p.badRows() > 0) {
            s.append(", ").append(p.badRows()).append(p.badRows() == 1 ? " bad row" : " bad rows");
        }
        return s.toString();
    }
}
