package org.rdregistry.crypto.wire;

import java.util.Arrays;

/** Growable big-endian byte sink that refuses to exceed the message limit (spec check W.1). */
final class BinaryWriter {

    private final int limit;
    private byte[] buf = new byte[128];
    private int size;

    BinaryWriter(int limit) {
        this.limit = limit;
    }

    private void ensure(int n) {
        if ((long) size + n > limit) {
            throw new WireFormatException("W.1", "cannot encode: message would exceed " + limit + " bytes");
        }
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(limit, Math.max(buf.length * 2, size + n)));
        }
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    void u32(long v) {
        i32((int) v);
    }

    void i32(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    void i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
