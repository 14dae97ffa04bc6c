package org.rdregistry.crypto.bench;

import java.util.concurrent.TimeUnit;

import org.bouncycastle.math.ec.ECPoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rdregistry.crypto.group.GroupContext;

/**
 * Validated decoding of one point: the compressed form of spec §1.2 (a square root, checks G.1-G.4)
 * against the uncompressed wire form of §1.2.1 (an on-curve check, G.7-G.9). Each invocation decodes
 * a pool of distinct random points, so that no decoding result is cached; figures are per point.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PointDecodingBenchmark {

    static final int POOL = 256;

    @Param({"P-256", "secp256k1"})
    public String curve;

    private GroupContext group;
    private byte[][] compressed;
    private byte[][] wire;

    @Setup(Level.Trial)
    public void setUp() {
        group = GroupContext.forName(curve);
        compressed = new byte[POOL][];
        wire = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            ECPoint p = group.multiplyG(group.randomScalar());
            compressed[i] = group.encodePoint(p);
            wire[i] = group.encodeWirePoint(p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(POOL)
    public void decodeCompressed(Blackhole bh) {
        for (byte[] b : compressed) {
            bh.consume(group.decodePoint(b, false));
        }
    }

    @Benchmark
    @OperationsPerInvocation(POOL)
    public void decodeWire(Blackhole bh) {
        for (byte[] b : wire) {
            bh.consume(group.decodeWirePoint(b, false));
        }
    }
}
