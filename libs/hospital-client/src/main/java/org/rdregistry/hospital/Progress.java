package org.rdregistry.hospital;

/**
 * Where a submission stands, for progress displays.
 *
 * @param goodRows rows that will be encrypted and sent
 * @param encrypted rows encrypted so far
 * @param sent rows the registry has answered for (accepted, duplicate or failed)
 * @param badRows rows with problems so far (distinct)
 */
public record Progress(int goodRows, int encrypted, int sent, int badRows) {

    /** Receives progress updates; called from the submitting thread. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> { };

        void update(Progress progress);
    }
}
