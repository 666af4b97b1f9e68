package nnc.bench;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The measured fp32 FMA peak of this machine on the JVM: ten independent chains of 256-bit
 * fused multiply-adds per thread (enough to fill two 4-cycle FMA pipes), nothing loaded from
 * memory; the best of five runs of about 0.4 s, after a warm-up. The benchmark reports the
 * gemm's GFLOP/s as a share of this number.
 *
 * <p>Why ten: the loop with twelve chains (fourteen live vectors of the sixteen AVX2 registers)
 * and a {@code long} counter measured 85 GFLOP/s where ten chains and an {@code int} counter
 * reach 95 on the same machine in the same minute, and the gemm's micro-kernel alone (from L1)
 * reaches 95-98. A peak that low would have flattered the gemm's share.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/nnc-bench.jar nnc.bench.FmaPeak 2
 * </pre>
 *
 * <p>Prints one JSON line per thread count from 1 to the argument (default 1).
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    /** Independent FMA chains per iteration. */
    public static final int CHAINS = 10;
    /** About 0.4 s per thread at 100 GFLOP/s. */
    private static final int ITERATIONS = 240_000_000;

    private FmaPeak() {
    }

    /** Entry point: the largest thread count to measure. */
    public static void main(String[] args) throws InterruptedException {
        int maxThreads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        for (int i = 0; i < 20; i++) {
            chains(ITERATIONS / 20); // warm-up: C2 compiles the loop (OSR, then the method)
        }
        for (int threads = 1; threads <= maxThreads; threads++) {
            double best = 0;
            for (int round = 0; round < 5; round++) {
                best = Math.max(best, measure(threads));
            }
            System.out.printf(Locale.ROOT, "{\"fma_peak_gflops\": %.1f, \"threads\": %d, "
                    + "\"java\": \"%s\"}%n", best, threads, Runtime.version().feature());
        }
    }

    private static double measure(int threads) throws InterruptedException {
        Thread[] workers = new Thread[threads];
        float[] sink = new float[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> sink[id] = chains(ITERATIONS));
        }
        long start = System.nanoTime();
        for (Thread w : workers) {
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (Float.isNaN(sink[0])) {
            System.out.println("unexpected NaN");
        }
        double flops = 2.0 * S.length() * CHAINS * ITERATIONS * threads;
        return flops / seconds / 1e9;
    }

    /** {@code iterations} rounds of {@link #CHAINS} dependent FMA chains; returns their sum. */
    public static float chains(int iterations) {
        FloatVector a = FloatVector.broadcast(S, 0.999999f);
        FloatVector b = FloatVector.broadcast(S, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(S, 1f);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        FloatVector c8 = c0;
        FloatVector c9 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
