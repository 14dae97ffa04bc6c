package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.Complaint;
import org.rdregistry.crypto.keyceremony.DealerCommitments;
import org.rdregistry.crypto.keyceremony.EncryptedShare;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.Fingerprints;
import org.rdregistry.trustee.StrictJson.MalformedException;

/**
 * What one trustee has read from the board: every entry parsed once, its signature checked against the
 * sender's identity key from the configuration, its payload decoded and checked to match the envelope
 * (dealer index = sender, ...). Entries of other ceremonies are skipped silently; forged, unreadable or
 * inconsistent ones are ignored and reported once each, by sender index and round only, never by content.
 */
final class BoardView {

    /** Digest of a confirmation that means "this trustee aborted". */
    static final String ABORT = "";

    private final CeremonyConfig config;
    private final CeremonyBoard board;
    private final CeremonyRunner.Listener listener;
    private final GroupContext group;
    private final Set<String> processed = new HashSet<>();

    private final Map<Integer, Set<DealerCommitments>> commitments = new TreeMap<>();
    private final Map<Long, Set<EncryptedShare>> shares = new TreeMap<>();
    private final Map<Integer, Set<Complaint>> complaints = new TreeMap<>();
    private final Map<Integer, Set<String>> confirmations = new TreeMap<>();
    private final Set<Integer> senders = new HashSet<>();

    BoardView(CeremonyConfig config, CeremonyBoard board, CeremonyRunner.Listener listener) {
        this.config = config;
        this.board = board;
        this.listener = listener;
        this.group = config.group();
    }

    /** Reads new entries from the board. */
    void refresh() throws IOException {
        for (CeremonyBoard.Entry entry : board.readAll()) {
            byte[] content = entry.content();
            String key = entry.origin() + "#" + Fingerprints.of(content);
            if (processed.add(key)) {
                accept(entry.origin(), content);
            }
        }
    }

    private void accept(String origin, byte[] content) {
        SignedMessage m;
        try {
            m = SignedMessage.parse(content);
        } catch (MalformedException e) {
            listener.warning("ignored an unreadable entry on the board (" + origin + ")");
            return;
        }
        if (!m.ceremonyId().equals(config.ceremonyId())) {
            return;   // another ceremony sharing the board
        }
        if (m.sender() > config.participants()) {
            listener.warning("ignored a " + m.round().wireName() + " message claiming to come from trustee "
                    + m.sender() + ", which is not in the ceremony configuration");
            return;
        }
        if (!m.verify(config)) {
            listener.warning("ignored a " + m.round().wireName() + " message claiming to come from trustee "
                    + m.sender() + ": its signature does not verify against trustee " + m.sender()
                    + "'s identity key in the ceremony configuration");
            return;
        }
        try {
            decode(m);
            senders.add(m.sender());
        } catch (MalformedException | IllegalArgumentException e) {
            listener.warning("ignored a malformed " + m.describe() + " (signed by that trustee)");
        }
    }

    private void decode(SignedMessage m) {
        int i = m.sender();
        int j = m.recipient();
        byte[] payload = m.payload();
        switch (m.round()) {
            case COMMITMENTS -> {
                DealerCommitments c = Wire.fromBytes(payload, DealerCommitments.class, group);
                require(j == 0 && c.dealerIndex() == i);
                commitments.computeIfAbsent(i, k -> new LinkedHashSet<>()).add(c);
            }
            case SHARE -> {
                EncryptedShare s = Wire.fromBytes(payload, EncryptedShare.class, group);
                require(j >= 1 && j <= config.participants() && j != i && s.dealerIndex() == i
                        && s.recipientIndex() == j);
                shares.computeIfAbsent(pair(i, j), k -> new LinkedHashSet<>()).add(s);
            }
            case COMPLAINTS -> {
                List<Complaint> list = Payloads.decodeComplaints(payload, group);
                require(j == 0 && list.stream().allMatch(c -> c.complainerIndex() == i));
                complaints.computeIfAbsent(i, k -> new LinkedHashSet<>()).addAll(list);
            }
            case CONFIRMATION -> {
                require(j == 0 && (payload.length == 0 || payload.length == 32));
                confirmations.computeIfAbsent(i, k -> new LinkedHashSet<>())
                        .add(payload.length == 0 ? ABORT : java.util.HexFormat.of().formatHex(payload));
            }
            default -> throw new MalformedException("unknown round");
        }
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new MalformedException("payload does not match the envelope");
        }
    }

    private static long pair(int dealer, int recipient) {
        return ((long) dealer << 32) | recipient;
    }

    /** Whether any trustee has posted a valid message of round 2 or later. */
    boolean hasLaterRounds() {
        return !shares.isEmpty() || !complaints.isEmpty() || !confirmations.isEmpty();
    }

    /** Whether trustee i has posted any valid message. */
    boolean hasPosted(int i) {
        return senders.contains(i);
    }

    /** The distinct commitment messages of trustee i (empty if none). */
    Set<DealerCommitments> commitments(int i) {
        return Set.copyOf(commitments.getOrDefault(i, Set.of()));
    }

    Set<Integer> commitmentSenders() {
        return Set.copyOf(commitments.keySet());
    }

    /** The distinct boxes from dealer i to recipient j. */
    List<EncryptedShare> shares(int i, int j) {
        return new ArrayList<>(shares.getOrDefault(pair(i, j), Set.of()));
    }

    Set<Integer> complaintPosters() {
        return Set.copyOf(complaints.keySet());
    }

    List<Complaint> complaintsBy(int i) {
        return new ArrayList<>(complaints.getOrDefault(i, Set.of()));
    }

    /** Trustee i's confirmation digests (hex; {@link #ABORT} for an abort). */
    Set<String> confirmations(int i) {
        return Set.copyOf(confirmations.getOrDefault(i, Set.of()));
    }

    /** Trustees among {@code watch} that posted an abort. */
    List<Integer> aborted(Set<Integer> watch) {
        return confirmations.entrySet().stream()
                .filter(e -> watch.contains(e.getKey()) && e.getValue().contains(ABORT))
                .map(Map.Entry::getKey).toList();
    }
}
