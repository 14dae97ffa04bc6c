package org.rdregistry.trustee.ceremony;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.crypto.keyceremony.Complaint;
import org.rdregistry.crypto.keyceremony.DealerCommitments;
import org.rdregistry.crypto.keyceremony.EncryptedShare;
import org.rdregistry.crypto.keyceremony.PublicTranscript;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.StrictJson.MalformedException;

/**
 * Message payloads (the crypto core's wire binary form) and the canonical order of a transcript: every
 * list sorted by index and then by wire bytes, so that trustees who saw the same messages in different
 * orders (directory listings, arrival times) build byte-identical transcripts.
 */
final class Payloads {

    /** At most one complaint per other trustee. */
    private static final int MAX_COMPLAINTS = CeremonyParameters.MAX_PARTICIPANTS;

    private Payloads() {
    }

    /** Complaints payload: u32 count, then for each u32 length ‖ wire bytes of a {@link Complaint}. */
    static byte[] encodeComplaints(List<Complaint> complaints) {
        List<byte[]> parts = complaints.stream().map(Wire::toBytes).toList();
        ByteBuffer buf = ByteBuffer.allocate(4 + parts.stream().mapToInt(p -> 4 + p.length).sum());
        buf.putInt(parts.size());
        parts.forEach(p -> buf.putInt(p.length).put(p));
        return buf.array();
    }

    static List<Complaint> decodeComplaints(byte[] payload, GroupContext group) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(payload);
            int count = buf.getInt();
            if (count < 0 || count > MAX_COMPLAINTS) {
                throw new MalformedException("complaint count out of range");
            }
            List<Complaint> out = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int len = buf.getInt();
                if (len < 0 || len > buf.remaining()) {
                    throw new MalformedException("truncated complaint");
                }
                byte[] c = new byte[len];
                buf.get(c);
                out.add(Wire.fromBytes(c, Complaint.class, group));
            }
            if (buf.hasRemaining()) {
                throw new MalformedException("trailing bytes after the complaints");
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new MalformedException("truncated complaints payload");
        }
    }

    /** The transcript with every list in canonical order (duplicates removed). */
    static PublicTranscript canonical(CeremonyParameters params, List<DealerCommitments> commitments,
                                      List<EncryptedShare> shares, List<Complaint> complaints) {
        return new PublicTranscript(params,
                sorted(commitments, Comparator.comparingInt(DealerCommitments::dealerIndex)),
                sorted(shares, Comparator.comparingInt(EncryptedShare::dealerIndex)
                        .thenComparingInt(EncryptedShare::recipientIndex)),
                sorted(complaints, Comparator.comparingInt(Complaint::dealerIndex)
                        .thenComparingInt(Complaint::complainerIndex)));
    }

    private static <T> List<T> sorted(List<T> values, Comparator<T> byIndex) {
        return values.stream().distinct()
                .sorted(byIndex.thenComparing((a, b) -> Arrays.compareUnsigned(Wire.toBytes(a), Wire.toBytes(b))))
                .toList();
    }
}
