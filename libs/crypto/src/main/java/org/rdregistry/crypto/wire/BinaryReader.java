package org.rdregistry.crypto.wire;

import java.util.Arrays;

/**
 * Bounds-checked big-endian reader over one message. Every read names the field it is reading, so a
 * short message fails with "truncated at field X" (spec check W.8) rather than an index exception.
 */
final class BinaryReader {

    private final byte[] buf;
    private int pos;

    BinaryReader(byte[] buf, int pos) {
        this.buf = buf;
        this.pos = pos;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return buf.length - pos;
    }

    private void need(long n, String path) {
        if (n > remaining()) {
            throw new WireFormatException("W.8", "truncated at " + path + ": need " + n + " bytes at offset "
                    + pos + ", " + remaining() + " left");
        }
    }

    byte[] take(int n, String path) {
        need(n, path);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    int u8(String path) {
        need(1, path);
        return buf[pos++] & 0xFF;
    }

    int u16(String path) {
        need(2, path);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit length or count, as a non-negative long. */
    long u32(String path) {
        return i32(path) & 0xFFFFFFFFL;
    }

    int i32(String path) {
        need(4, path);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    long i64(String path) {
        need(8, path);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }
}
