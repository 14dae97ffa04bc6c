package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.util.List;

/**
 * The public log of a key ceremony (spec §4, "public log"): every trustee posts its signed messages
 * and reads everybody's. The board need not be trusted: messages are signed ({@link SignedMessage}),
 * share boxes are encrypted to their recipients, and anything unsigned, forged or malformed is ignored
 * and reported by the {@link CeremonyRunner}. What a board must do is keep what was posted and show it
 * to every reader.
 */
public interface CeremonyBoard extends AutoCloseable {

    /** Posts a message; returns once it is durably on the board. */
    void post(SignedMessage message) throws IOException;

    /**
     * Every entry on the board so far (including this trustee's own), oldest first where the board has
     * an order. Entries are raw bytes: the runner parses and verifies them.
     */
    List<Entry> readAll() throws IOException;

    @Override
    void close() throws IOException;

    /** A raw entry and where it came from (file name, topic offset), for reporting. */
    record Entry(String origin, byte[] content) {
        public Entry {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }
}
