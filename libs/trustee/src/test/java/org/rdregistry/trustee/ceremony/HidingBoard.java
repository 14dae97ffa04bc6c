package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.util.List;

/** A board on which one trustee never sees the entries whose origin starts with a prefix. */
final class HidingBoard implements CeremonyBoard {

    private final CeremonyBoard delegate;
    private final String hiddenPrefix;

    HidingBoard(CeremonyBoard delegate, String hiddenPrefix) {
        this.delegate = delegate;
        this.hiddenPrefix = hiddenPrefix;
    }

    @Override
    public void post(SignedMessage message) throws IOException {
        delegate.post(message);
    }

    @Override
    public List<Entry> readAll() throws IOException {
        return delegate.readAll().stream().filter(e -> !e.origin().startsWith(hiddenPrefix)).toList();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
