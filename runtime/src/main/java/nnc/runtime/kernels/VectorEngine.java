package nnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gemm on the incubating Vector API: packed panels, cache blocking and a 4 x 16
 * register-blocked micro-kernel (8 accumulators of 8 floats).
 *
 * <p>Why 4 x 16 and not the classic 6 x 16: the latter needs 15 of the 16 AVX2 registers, and
 * JDK 25's C2 schedules the A broadcasts early, spills one accumulator to the stack and halves
 * the speed. 4 x 16 leaves room, runs at about the same speed on JDK 17 (measured ~88 GFLOP/s
 * from L1 on both) and still has the 8 independent FMA chains that two 4-cycle FMA pipes need.
 *
 * <p>Only loaded when the {@code jdk.incubator.vector} module is present (see {@link Kernels}).
 * Vector values never cross a method boundary that C2 might not inline: the micro-kernel spills
 * its accumulators to a small array and the epilogue reads them back, so nothing is boxed.
 */
final class VectorEngine implements GemmEngine {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> S4 = FloatVector.SPECIES_128;
    /**
     * Whether a transposed A is packed four floats at a time with 128-bit vectors: 784 x 256 x
     * 1024 (t, n) 67-73 -> 75-80 GFLOP/s (10th percentile of the call times, four interleaved
     * runs). Not on JDK 17, where the packing allocated (so the method ran without C2's vector
     * intrinsics); JDK 25 is the one measured.
     */
    private static final boolean COPY4_VECTOR = Runtime.version().feature() >= 25;
    /**
     * Whether the gradients of the other activations than ReLU take vectors: on JDK 17 their
     * loop allocated its vectors in {@code KernelsTest} (C2 boxed them), so there they take the
     * plain loop.
     */
    private static final boolean GRAD_VECTOR = Runtime.version().feature() >= 25;
    /**
     * Whether a product with one block of rows takes {@link #singleBlock}. Not on JDK 17: there
     * in one of about a dozen runs of {@code KernelsTest} the 32 x 256 x 784 forward through it
     * allocated 48 MB per call for minutes (its kernels compiled with their vectors boxed).
     */
    private static final boolean SINGLE_BLOCK = Runtime.version().feature() >= 25;
    private static final int L = 8;
    static final int MR = 4;
    static final int NR = 2 * L;
    /** Rows of A packed at once (an L2-sized block). */
    private static final int MC = 144;
    /** The smallest block a thread claims from a shared product (see {@link #claim}). */
    private static final int SHARED_MIN_ROWS = 16;
    /** Columns of B packed at once, at most: a block of C rows, MC x NC, stays in L2. */
    private static final int NC = 512;
    /** Floats of B packed at once, at most (all steps of up to NC columns; 4 MB). */
    private static final int B_PACK_MAX = 1 << 20;
    /** Up to this many rows, B is read in place when it is not transposed (packing would not pay). */
    static final int DIRECT_B_MAX_ROWS = 4 * MR;

    /** Whether the vector shape this engine is written for runs natively here. */
    static boolean usable() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    @Override
    public int rowGrain() {
        return MR;
    }

    @Override
    public int colGrain() {
        return NR;
    }

    @Override
    public int tileFloats() {
        return MR * NR;
    }

    @Override
    public String name() {
        return "vector";
    }

    /**
     * Tiny single rows too (a batch-1 output layer, 1 x 10 x 128): 0.7 -> 0.1 us per call on
     * JDK 25, where the plain loops run four FMA chains at a time over every step, zeros
     * included. (Tried twice before and taken out, because allocation checks failed on JDK 17;
     * that was C2 compiling the row kernel's panels later than the checks stopped looking, a
     * few milliseconds of tiny calls: it settles after about a second.)
     */
    @Override
    public boolean tinyRowKernel() {
        return true;
    }

    /**
     * Shares rows out in blocks claimed as threads come free ({@link #claim}) when there are at
     * least {@code 8 * SHARED_MIN_ROWS} rows and all columns fit one block of packed B, which
     * each thread then packs once and keeps for all its row blocks; otherwise 0 (fixed ranges).
     * Returns the largest block: at most {@link #MC} (the unit of the blocked loop), the size
     * of as many equal blocks (to a micro-tile) as the fewest blocks of {@code MC} rows rounded
     * up to a multiple of the threads (with blocks of exactly {@code MC}, 1024 rows made seven
     * full blocks and one of 16 rows). A block's place does not change any element's sum, so
     * the result is the same at any block size.
     */
    @Override
    public int sharedRowBlock(GemmTask t, int parts) {
        if (t.m < 8 * SHARED_MIN_ROWS || t.n <= NR || t.n > ncMax(t.k)) {
            return 0;
        }
        int blocks = Blocking.ceilDiv(Blocking.ceilDiv(t.m, MC), parts) * parts;
        return Blocking.ceilDiv(Blocking.ceilDiv(t.m, blocks), MR) * MR;
    }

    /**
     * Claims the next block of a shared product's {@code rows} rows for this thread: returns
     * its first row ({@code rows} when none is left) and leaves its size in
     * {@code s.claimedRows}. Blocks shrink as the rows run out: a quarter of what is left on two
     * threads (one over twice the threads in general), at most {@code t.sharedBlock} and at
     * least {@link #SHARED_MIN_ROWS}, so that the thread that finishes first waits for at most
     * a small block at the end. With blocks of 128 rows to the end, the two threads of a
     * 1024 x 256 x 784 or 784 x 256 x 1024 product waited 300-600 us per call in all, about half
     * a block, since one core of this VM often runs slower than the other for a while.
     */
    private static int claim(GemmTask t, int rows, Scratch s) {
        while (true) {
            int start = t.claimed.get();
            int left = rows - start;
            if (left <= 0) {
                return rows;
            }
            int size = Blocking.ceilDiv(Blocking.ceilDiv(left, 2 * t.sharedParts), MR) * MR;
            size = Math.min(left, Math.min(t.sharedBlock, Math.max(SHARED_MIN_ROWS, size)));
            if (t.claimed.compareAndSet(start, start + size)) {
                s.claimedRows = size;
                return start;
            }
        }
    }

    /**
     * A weight gradient with at most {@link #DIRECT_B_MAX_ROWS} columns and an inner dimension
     * of at least 64 is computed as its transpose: the tall operand is read in place as B
     * instead of packed as a transposed A, and the narrow one fills 4-row tiles instead of
     * padding 16-column ones (10 columns: 12 rows computed instead of 16 columns). Alone, one
     * thread, medians of ten interleaved rounds: 128 x 10 x 1024 (t, n), the bench MLP's output
     * layer at batch 1024, 1.41-1.48x (1.73x on two threads); 128 x 10 x 128 1.43x; with 64
     * steps 1.14x; with 32 steps 0.84x, where the transposed stores of the tiles (one float at
     * a time) cost more than the 32 steps they follow, so short products stay as they are.
     */
    @Override
    public boolean swapsNarrowGradient(int m, int n, int k) {
        return n <= DIRECT_B_MAX_ROWS && m > n && k >= 64;
    }

    @Override
    public void computeShared(GemmTask t, Scratch s) {
        blocked(t, 0, t.m, 0, t.n, s, true);
    }

    private static int ncMax(int k) {
        return Math.max(NR, Math.min(NC, B_PACK_MAX / Math.max(1, k) / NR * NR));
    }

    @Override
    public void compute(GemmTask t, int m0, int m1, int n0, int n1, Scratch s) {
        if (!t.transB && !t.transC && m1 - m0 < MR) {
            // Fewer rows than a micro-tile (a single sample's forward pass): the 4-row kernel
            // would spend most of its multiply-adds on padding, so stream B once per row.
            for (int i = m0; i < m1; i++) {
                rowStream(t, i, n0, n1, s);
            }
            return;
        }
        if (SINGLE_BLOCK && !t.transB && m1 - m0 > DIRECT_B_MAX_ROWS && m1 - m0 <= MC
                && n1 - n0 > NR && !t.transC) {
            singleBlock(t, m0, m1, n0, n1, s);
            return;
        }
        blocked(t, m0, m1, n0, n1, s, false);
    }

    /**
     * A product whose rows make one block of at most {@link #MC} and whose plain B is packed
     * (more than {@link #DIRECT_B_MAX_ROWS} rows, more than one column panel): the forward
     * products at batch 32 and 128 on one thread. Block by block of the inner dimension: B's
     * steps of the block are packed in memory order, row after row of B (a block of 392 steps
     * of 256 columns is 400 KB, which stays in L2), then every strip of C takes that block.
     * {@link #blocked} packs all of B first, panel by panel, 1 KB apart down the rows of a
     * 784 x 256 weight, into a buffer larger than L2 that the kernels then read back from L3.
     * A stand-alone copy of the two loops, 32 x 256 x 784 with 4 or 16 MB streamed between
     * calls: 0.90-0.92x the time. Each element of C takes the same blocks in the same order
     * (the first sets it, the others add to it, bias and activation after the last), so the
     * result has the same bits.
     */
    static void singleBlock(GemmTask t, int m0, int m1, int n0, int n1, Scratch s) {
        int k = t.k;
        int kcMax = Blocking.kc(k);
        int mc = m1 - m0;
        int aPanel = Blocking.ceilDiv(mc, MR) * MR;
        int fusedRows = t.transA ? 0 : mc - mc % MR;
        int ncMax = ncMax(k);
        s.aPack = Blocking.ensure(s.aPack, aPanel * k);
        for (int jc = n0; jc < n1; jc += ncMax) {
            int nc = Math.min(ncMax, n1 - jc);
            int packedWidth = Blocking.ceilDiv(nc, NR) * NR;
            s.bPack = Blocking.ensure(s.bPack, packedWidth * kcMax);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean first = pc == 0;
                boolean last = pc + kc >= k;
                int aBlock = pc * aPanel;
                packBRows(t, pc, kc, jc, nc, s.bPack);
                // A's rows of this block: a plain A's full 4-row panels are packed by the first
                // strip's kernel as it reads them (when jc is the first column block).
                boolean packA = jc == n0;
                if (packA && fusedRows < mc) {
                    packA(t, m0 + fusedRows, mc - fusedRows, pc, kc, s.aPack,
                            aBlock + fusedRows * kc);
                }
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    int bBase = jr * kc;
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        if (packA && jr == 0 && ir < fusedRows) {
                            kernelRowsPack(kc, t.a, t.aOff + (m0 + ir) * t.lda + pc, t.lda,
                                    s.bPack, bBase, NR, s.acc, s.aPack, aBlock + ir * kc);
                        } else if (mr == MR && nr == NR) {
                            int cBase = t.cOff + (m0 + ir) * t.ldc + jc + jr;
                            kernelInto(kc, s.aPack, aBlock + ir * kc, s.bPack, bBase, NR, t.c,
                                    cBase, t.ldc, !first || t.beta != 0f, first ? t.beta : 1f,
                                    last ? t.bias : null, t.biasOff + jc + jr);
                            if (last && t.act != Act.NONE) {
                                activate(t.c, cBase, t.ldc, MR, t.act, t.alpha);
                            }
                            continue;
                        } else {
                            kernel(kc, s.aPack, aBlock + ir * kc, s.bPack, bBase, NR, s.acc);
                        }
                        store(t, s, m0 + ir, jc + jr, mr, nr, first, last);
                    }
                }
            }
        }
    }

    /**
     * Packs steps {@code [pc, pc+kc)}, columns {@code [jc, jc+nc)} of a plain B into {@code dst}
     * in the layout of {@link #packB} (panel q at {@code q*NR*kc}), reading B row by row in
     * memory order; columns past the end are zero.
     */
    static void packBRows(GemmTask t, int pc, int kc, int jc, int nc, float[] dst) {
        float[] b = t.b;
        int full = nc - nc % NR;
        int panelSize = NR * kc;
        for (int p = 0; p < kc; p++) {
            int src = t.bOff + (pc + p) * t.ldb + jc;
            int d = p * NR;
            for (int j = 0; j < full; j += NR, d += panelSize) {
                FloatVector.fromArray(S, b, src + j).intoArray(dst, d);
                FloatVector.fromArray(S, b, src + j + L).intoArray(dst, d + L);
            }
            if (full < nc) {
                for (int j = 0; j < NR; j++) {
                    dst[d + j] = full + j < nc ? b[src + full + j] : 0f;
                }
            }
        }
    }

    /**
     * The blocked product of rows {@code [m0, m1)} and columns {@code [n0, n1)}: with
     * {@code shared}, only the blocks of rows this thread claims from {@code t.claimed} (see
     * {@link #claim}).
     */
    static void blocked(GemmTask t, int m0, int m1, int n0, int n1, Scratch s,
                        boolean shared) {
        int k = t.k;
        int kcMax = Blocking.kc(k);
        boolean directB = !t.transB && m1 - m0 <= DIRECT_B_MAX_ROWS;
        // A not transposed is read in place when its packed panels would serve one column
        // panel only (a narrow output layer): packing then costs what it saves. For wider
        // products packed panels are faster (measured 55 -> 65-72 GFLOP/s on 1024 x 256 x 784).
        boolean directA = !t.transA && n1 - n0 <= NR;
        // Columns per block: all of B's steps for them are packed at once (at most
        // B_PACK_MAX floats), so that each block of C rows takes every step of the inner
        // dimension while it is in L2; before, C went through L3 once per block of steps.
        int ncMax = ncMax(k);
        for (int jc = n0; jc < n1; jc += ncMax) {
            int nc = Math.min(ncMax, n1 - jc);
            int fullCols = directB ? nc - nc % NR : 0;
            int packedWidth = Blocking.ceilDiv(nc - fullCols, NR) * NR;
            if (fullCols < nc) {
                s.bPack = Blocking.ensure(s.bPack, packedWidth * k);
            }
            boolean bPacked = false;
            for (int ic = shared ? m0 + claim(t, m1 - m0, s) : m0; ic < m1;
                    ic = shared ? m0 + claim(t, m1 - m0, s) : ic + MC) {
                int mc = shared ? s.claimedRows : Math.min(MC, m1 - ic);
                int fullRows = directA ? mc - mc % MR : 0;
                int aPanel = Blocking.ceilDiv(mc, MR) * MR;
                // A plain A's full 4-row panels are packed by the first column strip's kernel
                // as it reads them (see kernelRowsPack); only a last partial panel is packed
                // beforehand.
                int fusedRows = !directA && !t.transA ? mc - mc % MR : 0;
                // All blocks of the inner dimension packed first (A's rows of this block, and
                // B's steps when this thread has not packed them yet), so that each strip of
                // NR columns of C takes all its blocks one after another while it is in L1.
                for (int pc = 0; pc < k; pc += kcMax) {
                    int kc = Math.min(kcMax, k - pc);
                    if (!bPacked && fullCols < nc) {
                        packB(t, pc, kc, jc + fullCols, nc - fullCols, s.bPack, pc * packedWidth);
                    }
                    if (directA && fullRows < mc) {
                        s.aPack = Blocking.ensure(s.aPack, MR * k);
                        packA(t, ic + fullRows, mc - fullRows, pc, kc, s.aPack, pc * MR);
                    }
                    if (!directA) {
                        s.aPack = Blocking.ensure(s.aPack, aPanel * k);
                        if (fusedRows < mc) {
                            packA(t, ic + fusedRows, mc - fusedRows, pc, kc, s.aPack,
                                    pc * aPanel + fusedRows * kc);
                        }
                    }
                }
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    for (int pc = 0; pc < k; pc += kcMax) {
                        int kc = Math.min(kcMax, k - pc);
                        boolean first = pc == 0;
                        boolean last = pc + kc >= k;
                        int aBlock = directA ? pc * MR : pc * aPanel;
                        float[] bArr;
                        int bBase;
                        int bStride;
                        if (jr < fullCols) {
                            bArr = t.b;
                            bBase = t.bOff + pc * t.ldb + jc + jr;
                            bStride = t.ldb;
                        } else {
                            bArr = s.bPack;
                            bBase = pc * packedWidth + (jr - fullCols) * kc;
                            bStride = NR;
                        }
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            if (ir < fullRows) {
                                kernelRows(kc, t.a, t.aOff + (ic + ir) * t.lda + pc, t.lda,
                                        bArr, bBase, bStride, s.acc);
                            } else if (jr == 0 && ir < fusedRows) {
                                kernelRowsPack(kc, t.a, t.aOff + (ic + ir) * t.lda + pc, t.lda,
                                        bArr, bBase, bStride, s.acc, s.aPack, aBlock + ir * kc);
                            } else if (mr == MR && nr == NR && !t.transC) {
                                // A full tile: the kernel adds its sums into C itself.
                                int cBase = t.cOff + (ic + ir) * t.ldc + jc + jr;
                                kernelInto(kc, s.aPack, directA ? aBlock : aBlock + ir * kc, bArr,
                                        bBase, bStride, t.c, cBase, t.ldc, !first || t.beta != 0f,
                                        first ? t.beta : 1f, last ? t.bias : null,
                                        t.biasOff + jc + jr);
                                if (last && t.act != Act.NONE) {
                                    activate(t.c, cBase, t.ldc, MR, t.act, t.alpha);
                                }
                                continue;
                            } else {
                                kernel(kc, s.aPack, directA ? aBlock : aBlock + ir * kc, bArr,
                                        bBase, bStride, s.acc);
                            }
                            store(t, s, ic + ir, jc + jr, mr, nr, first, last);
                        }
                    }
                }
                bPacked = true;
            }
        }
    }

    /**
     * {@link Kernels#activationGradColumns} on vectors of eight columns: the same operations
     * lane by lane (the ReLUs select with a compare and a blend, a lane taking {@code d} where
     * {@code y > 0}, the bits of {@code Ops.ifPositive}), and each column sum adds the rows in
     * order from +0, lane by lane, as the scalar loop does. Columns left over (fewer than
     * eight) take the scalar loop.
     */
    @Override
    public void activationGradColumns(int act, float alpha, float[] out, int outOff,
                                      float[] dy, int dyOff, float[] mask, int maskOff,
                                      float[] y, int yOff, int rows, int cols, int from, int to,
                                      float[] sums, int sumsOff) {
        if (act == Act.RELU) {
            reluColumns(out, outOff, dy, dyOff, mask, maskOff, y, yOff, rows, cols, from, to,
                    sums, sumsOff);
            return;
        }
        if (!GRAD_VECTOR) {
            ScalarEngine.activationGradColumnsScalar(act, alpha, out, outOff, dy, dyOff, mask,
                    maskOff, y, yOff, rows, cols, from, to, sums, sumsOff);
            return;
        }
        int vecEnd = from + (to - from) / L * L;
        FloatVector zero = FloatVector.zero(S);
        // As reluColumns, but each gradient is stored by gradInto and read back from L1 for
        // the sums: a vector that came out of one of several branches would be boxed on JDK 17
        // (1024 x 256 tanh alone, one thread: 340 us, the plain loop 503; ReLU this way took
        // 219 us instead of reluColumns' 166, so it keeps its own loop).
        int c = from;
        for (; c + 4 * L <= vecEnd; c += 4 * L) {
            FloatVector s0 = zero;
            FloatVector s1 = zero;
            FloatVector s2 = zero;
            FloatVector s3 = zero;
            for (int r = 0, i = c; r < rows; r++, i += cols) {
                gradInto(act, alpha, dy, dyOff + i, mask, maskOff + i, y, yOff + i, out,
                        outOff + i);
                gradInto(act, alpha, dy, dyOff + i + L, mask, maskOff + i + L, y,
                        yOff + i + L, out, outOff + i + L);
                gradInto(act, alpha, dy, dyOff + i + 2 * L, mask, maskOff + i + 2 * L, y,
                        yOff + i + 2 * L, out, outOff + i + 2 * L);
                gradInto(act, alpha, dy, dyOff + i + 3 * L, mask, maskOff + i + 3 * L, y,
                        yOff + i + 3 * L, out, outOff + i + 3 * L);
                s0 = s0.add(FloatVector.fromArray(S, out, outOff + i));
                s1 = s1.add(FloatVector.fromArray(S, out, outOff + i + L));
                s2 = s2.add(FloatVector.fromArray(S, out, outOff + i + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, out, outOff + i + 3 * L));
            }
            s0.intoArray(sums, sumsOff + c);
            s1.intoArray(sums, sumsOff + c + L);
            s2.intoArray(sums, sumsOff + c + 2 * L);
            s3.intoArray(sums, sumsOff + c + 3 * L);
        }
        for (; c < vecEnd; c += L) {
            FloatVector s0 = zero;
            for (int r = 0, i = c; r < rows; r++, i += cols) {
                gradInto(act, alpha, dy, dyOff + i, mask, maskOff + i, y, yOff + i, out,
                        outOff + i);
                s0 = s0.add(FloatVector.fromArray(S, out, outOff + i));
            }
            s0.intoArray(sums, sumsOff + c);
        }
        if (vecEnd < to) {
            ScalarEngine.activationGradColumnsScalar(act, alpha, out, outOff, dy, dyOff, mask,
                    maskOff, y, yOff, rows, cols, vecEnd, to, sums, sumsOff);
        }
    }

    /**
     * The ReLU's loop of {@link #activationGradColumns}: blocks of 32 columns (then of 8), each
     * down all the rows with its sums in registers, stored once at the end. (Row by row with the
     * sums in memory, two threads splitting the columns both wrote the cache line that holds
     * the sums where their halves meet, at every row, and the line went back and forth between
     * the cores: 1024 x 256 on two threads took 292 us, now 100; one thread 74-80 us either
     * way.)
     */
    private static void reluColumns(float[] out, int outOff, float[] dy, int dyOff, float[] mask,
                                    int maskOff, float[] y, int yOff, int rows, int cols,
                                    int from, int to, float[] sums, int sumsOff) {
        int vecEnd = from + (to - from) / L * L;
        FloatVector zero = FloatVector.zero(S);
        int c = from;
        for (; c + 4 * L <= vecEnd; c += 4 * L) {
            FloatVector s0 = zero;
            FloatVector s1 = zero;
            FloatVector s2 = zero;
            FloatVector s3 = zero;
            for (int r = 0, i = c; r < rows; r++, i += cols) {
                FloatVector t0 = relu(dy, dyOff + i, mask, maskOff + i, y, yOff + i, zero);
                FloatVector t1 = relu(dy, dyOff + i + L, mask, maskOff + i + L, y, yOff + i + L,
                        zero);
                FloatVector t2 = relu(dy, dyOff + i + 2 * L, mask, maskOff + i + 2 * L, y,
                        yOff + i + 2 * L, zero);
                FloatVector t3 = relu(dy, dyOff + i + 3 * L, mask, maskOff + i + 3 * L, y,
                        yOff + i + 3 * L, zero);
                t0.intoArray(out, outOff + i);
                t1.intoArray(out, outOff + i + L);
                t2.intoArray(out, outOff + i + 2 * L);
                t3.intoArray(out, outOff + i + 3 * L);
                s0 = s0.add(t0);
                s1 = s1.add(t1);
                s2 = s2.add(t2);
                s3 = s3.add(t3);
            }
            s0.intoArray(sums, sumsOff + c);
            s1.intoArray(sums, sumsOff + c + L);
            s2.intoArray(sums, sumsOff + c + 2 * L);
            s3.intoArray(sums, sumsOff + c + 3 * L);
        }
        for (; c < vecEnd; c += L) {
            FloatVector s0 = zero;
            for (int r = 0, i = c; r < rows; r++, i += cols) {
                FloatVector t0 = relu(dy, dyOff + i, mask, maskOff + i, y, yOff + i, zero);
                t0.intoArray(out, outOff + i);
                s0 = s0.add(t0);
            }
            s0.intoArray(sums, sumsOff + c);
        }
        if (vecEnd < to) {
            ScalarEngine.activationGradColumnsScalar(Act.RELU, 0f, out, outOff, dy, dyOff, mask,
                    maskOff, y, yOff, rows, cols, vecEnd, to, sums, sumsOff);
        }
    }

    /**
     * The ReLU gradient of eight elements: {@code dy} (times {@code mask} unless it is null)
     * where {@code y > 0}, else +0.
     */
    private static FloatVector relu(float[] dy, int dyAt, float[] mask, int maskAt, float[] y,
                                    int yAt, FloatVector zero) {
        FloatVector d = FloatVector.fromArray(S, dy, dyAt);
        if (mask != null) {
            d = d.mul(FloatVector.fromArray(S, mask, maskAt));
        }
        return zero.blend(d, FloatVector.fromArray(S, y, yAt).compare(VectorOperators.GT, 0f));
    }

    /**
     * Stores the gradient of eight elements through activation {@code act} into {@code out}:
     * {@code d = dy} (times {@code mask} unless it is null) and the operations of
     * {@link ScalarEngine#gradient}. Every branch stores its own vector, so none is merged.
     */
    private static void gradInto(int act, float alpha, float[] dy, int dyAt, float[] mask,
                                 int maskAt, float[] y, int yAt, float[] out, int outAt) {
        FloatVector d = FloatVector.fromArray(S, dy, dyAt);
        if (mask != null) {
            d = d.mul(FloatVector.fromArray(S, mask, maskAt));
        }
        FloatVector yv = FloatVector.fromArray(S, y, yAt);
        switch (act) {
            case Act.LEAKY_RELU:
                d.mul(alpha).blend(d, yv.compare(VectorOperators.GT, 0f)).intoArray(out, outAt);
                break;
            case Act.ELU:
                d.mul(yv.add(alpha)).blend(d, yv.compare(VectorOperators.GT, 0f))
                        .intoArray(out, outAt);
                break;
            case Act.SIGMOID:
                d.mul(yv).mul(FloatVector.broadcast(S, 1f).sub(yv)).intoArray(out, outAt);
                break;
            default:
                d.mul(FloatVector.broadcast(S, 1f).sub(yv.mul(yv))).intoArray(out, outAt);
                break;
        }
    }

    /**
     * {@link Kernels#adam} on vectors of eight parameters: the same multiplies, adds and
     * division one by one (no fused multiply-add), and a float square root, which equals
     * {@code (float) Math.sqrt} of a float (a double has more than twice a float's precision);
     * so each parameter gets the bits of the scalar loop.
     */
    @Override
    public void adam(float[] params, float[] grads, float[] m, float[] v, int from, int to,
                     float lr, float b1, float b2, float eps, float c1, float c2) {
        float ob1 = 1f - b1;
        float ob2 = 1f - b2;
        int p = from;
        for (int end = from + (to - from) / L * L; p < end; p += L) {
            FloatVector g = FloatVector.fromArray(S, grads, p);
            FloatVector mp = FloatVector.fromArray(S, m, p).mul(b1).add(g.mul(ob1));
            mp.intoArray(m, p);
            FloatVector vp = FloatVector.fromArray(S, v, p).mul(b2).add(g.mul(ob2).mul(g));
            vp.intoArray(v, p);
            FloatVector step = mp.mul(c1).mul(lr).div(vp.mul(c2).sqrt().add(eps));
            FloatVector.fromArray(S, params, p).sub(step).intoArray(params, p);
        }
        if (p < to) {
            ScalarEngine.adamScalar(params, grads, m, v, p, to, lr, b1, b2, eps, c1, c2);
        }
    }

    /**
     * Row {@code i} of C, columns {@code [n0, n1)}: a single sample's layer, which reads each
     * weight once, so its time is the time to bring B in from L2 or L3. The columns go in
     * panels of 64 ({@link #rowPanel8}), then of 16, then the rest ({@link #rowTail}); a panel
     * takes each block of the inner dimension in turn, with its accumulators in registers over
     * all the block's steps, and leaves the block's sums in a row of {@code s.row} per block,
     * which the epilogue adds into C block after block. Each element still takes a FMA chain in
     * increasing {@code p} from zero per block of the inner dimension, added to C in block
     * order, so the result is bit for bit the blocked product's. Every other call with the
     * same B takes the panels in the opposite order ({@link Scratch#flipRow}): the columns'
     * chains do not depend on one another. (Before, the
     * row's accumulators lived in L1 and each pass added four rows of B into them: as many
     * loads and stores on the accumulators as on B. Panels took the bench MLP's batch-1
     * forward pass from 16.9 to 15.9 us on one thread and 15.0 to 12.4 us on two, medians of
     * seven interleaved rounds.)
     *
     * <p>Steps where the row of A holds a zero are skipped, B's row with them: an image's
     * background pixels, the units a ReLU switched off (about half of each, in the benchmark's
     * data). This too is bit for bit the full chain's result whenever B is finite: the skipped
     * product is an exact zero of either sign, and adding a zero leaves a sum unchanged, since a
     * chain that starts at +0 never holds -0 under round-to-nearest. (With an infinite or NaN
     * weight in a skipped row the full chain would give NaN, this one the finite sum.)
     */
    private static void rowStream(GemmTask t, int i, int n0, int n1, Scratch s) {
        int k = t.k;
        int cols = n1 - n0;
        float[] a = t.a;
        int aRow = t.aOff + i * t.aRowStride();
        int aCs = t.aColStride();
        float[] b = t.b;
        int ldb = t.ldb;
        int kcMax = Blocking.kc(k);
        int blocks = Blocking.ceilDiv(k, kcMax);
        float[] acc = s.row = Blocking.ensure(s.row, blocks * cols);
        int[] steps = s.steps = Blocking.ensure(s.steps, k);
        float[] vals = s.stepVals = Blocking.ensure(s.stepVals, k);
        int[] ends = s.blockEnds = Blocking.ensure(s.blockEnds, blocks + 1);
        // The steps whose A value is not zero, as offsets of their rows of B, and their A
        // values, block after block: a zero adds an exact zero to the chain (see above), so
        // its row of B is not read at all.
        int count = 0;
        for (int q = 0, pc = 0; pc < k; pc += kcMax, q++) {
            ends[q] = count;
            count = steps(a, aRow + pc * aCs, aCs, Math.min(kcMax, k - pc),
                    t.bOff + pc * ldb + n0, ldb, steps, vals, count);
        }
        ends[blocks] = count;
        int p8 = cols / (8 * L) * (8 * L);
        int p2 = p8 + (cols - p8) / (2 * L) * (2 * L);
        if (!s.flipRow(t.bOff + n0)) {
            for (int j = 0; j < p8; j += 8 * L) {
                rowPanel8(vals, steps, ends, blocks, b, j, acc, cols);
            }
            for (int j = p8; j < p2; j += 2 * L) {
                rowPanel2(vals, steps, ends, blocks, b, j, acc, cols);
            }
            if (p2 < cols) {
                rowTail(vals, steps, ends, blocks, b, p2, cols / L * L, cols, acc);
            }
        } else {
            // Every other call with this B runs the panels backwards (see flipRow).
            if (p2 < cols) {
                rowTail(vals, steps, ends, blocks, b, p2, cols / L * L, cols, acc);
            }
            for (int j = p2 - 2 * L; j >= p8; j -= 2 * L) {
                rowPanel2(vals, steps, ends, blocks, b, j, acc, cols);
            }
            for (int j = p8 - 8 * L; j >= 0; j -= 8 * L) {
                rowPanel8(vals, steps, ends, blocks, b, j, acc, cols);
            }
        }
        for (int q = 0; q < blocks; q++) {
            rowStore(t, s, acc, q * cols, i, n0, cols, q == 0, q == blocks - 1);
        }
    }

    /**
     * The steps of {@link #rowStream} whose A value ({@code a[ai + p*aCs]}, {@code p < kc}) is
     * not zero: their A values into {@code vals} and the offsets of their rows of B
     * ({@code bBase + p*ldb}) into {@code steps}, in order; returns how many. A contiguous row
     * is tested eight values at a time: eight zeros (an image's background) are skipped at once
     * and eight non-zeros (a bright patch) stored at once; only mixed groups go value by value.
     * (Value by value throughout it took about 1 us of a 784-input layer's 12.)
     */
    private static int steps(float[] a, int ai, int aCs, int kc, int bBase, int ldb,
                             int[] steps, float[] vals, int count) {
        int p = 0;
        if (aCs == 1) {
            for (; p + L <= kc; p += L) {
                FloatVector x = FloatVector.fromArray(S, a, ai + p);
                VectorMask<Float> nonZero = x.compare(VectorOperators.NE, 0f);
                if (!nonZero.anyTrue()) {
                    continue;
                }
                if (nonZero.allTrue()) {
                    x.intoArray(vals, count);
                    int off = bBase + p * ldb;
                    for (int r = 0; r < L; r++, off += ldb) {
                        steps[count + r] = off;
                    }
                    count += L;
                    continue;
                }
                for (int r = 0; r < L; r++) {
                    float v = a[ai + p + r];
                    steps[count] = bBase + (p + r) * ldb;
                    vals[count] = v;
                    count += v != 0f ? 1 : 0;
                }
            }
        }
        for (; p < kc; p++) {
            float v = a[ai + p * aCs];
            steps[count] = bBase + p * ldb;
            vals[count] = v;
            count += v != 0f ? 1 : 0;
        }
        return count;
    }

    /**
     * Sixty-four columns of {@link #rowStream}, from column {@code j} of B's rows at
     * {@code rows[ends[q] .. ends[q+1])} for each block {@code q}, into {@code acc}'s row
     * {@code q} of {@code cols}: eight accumulators stay in registers over all the block's steps
     * (a chain per element, in increasing step order from +0), so each step costs one
     * broadcast, eight loads of B and eight multiply-adds; the accumulators go to memory once
     * per block. (Holding them in memory and adding four rows of B per pass spent as many
     * loads and stores on them as on B.)
     */
    private static void rowPanel8(float[] vals, int[] rows, int[] ends, int blocks, float[] b,
                                  int j, float[] acc, int cols) {
        for (int blk = 0; blk < blocks; blk++) {
            FloatVector c0 = FloatVector.zero(S);
            FloatVector c1 = c0;
            FloatVector c2 = c0;
            FloatVector c3 = c0;
            FloatVector c4 = c0;
            FloatVector c5 = c0;
            FloatVector c6 = c0;
            FloatVector c7 = c0;
            for (int q = ends[blk], end = ends[blk + 1]; q < end; q++) {
                FloatVector av = FloatVector.broadcast(S, vals[q]);
                int bi = rows[q] + j;
                c0 = av.fma(FloatVector.fromArray(S, b, bi), c0);
                c1 = av.fma(FloatVector.fromArray(S, b, bi + L), c1);
                c2 = av.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
                c3 = av.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
                c4 = av.fma(FloatVector.fromArray(S, b, bi + 4 * L), c4);
                c5 = av.fma(FloatVector.fromArray(S, b, bi + 5 * L), c5);
                c6 = av.fma(FloatVector.fromArray(S, b, bi + 6 * L), c6);
                c7 = av.fma(FloatVector.fromArray(S, b, bi + 7 * L), c7);
            }
            int o = blk * cols + j;
            c0.intoArray(acc, o);
            c1.intoArray(acc, o + L);
            c2.intoArray(acc, o + 2 * L);
            c3.intoArray(acc, o + 3 * L);
            c4.intoArray(acc, o + 4 * L);
            c5.intoArray(acc, o + 5 * L);
            c6.intoArray(acc, o + 6 * L);
            c7.intoArray(acc, o + 7 * L);
        }
    }

    /** {@link #rowPanel8} for sixteen columns. */
    private static void rowPanel2(float[] vals, int[] rows, int[] ends, int blocks, float[] b,
                                  int j, float[] acc, int cols) {
        for (int blk = 0; blk < blocks; blk++) {
            FloatVector c0 = FloatVector.zero(S);
            FloatVector c1 = c0;
            for (int q = ends[blk], end = ends[blk + 1]; q < end; q++) {
                FloatVector av = FloatVector.broadcast(S, vals[q]);
                int bi = rows[q] + j;
                c0 = av.fma(FloatVector.fromArray(S, b, bi), c0);
                c1 = av.fma(FloatVector.fromArray(S, b, bi + L), c1);
            }
            int o = blk * cols + j;
            c0.intoArray(acc, o);
            c1.intoArray(acc, o + L);
        }
    }

    /**
     * The columns of {@link #rowStream} past its panels, {@code [j, cols)}: at most one vector
     * of eight from {@code j} to {@code vecEnd}, then the {@code cols % 8} columns left over.
     * With eight columns or more in all, those take one more vector, the row's last eight
     * columns, overlapping the ones before (a batch-1 output layer of ten columns: two vector
     * chains in one pass over the steps). Fewer than eight columns take a scalar chain each,
     * seven at most, in one pass (columns past {@code cols} repeat the last and are not
     * stored). Each element's chain adds its products in increasing step order from +0, as
     * everywhere else.
     */
    private static void rowTail(float[] vals, int[] rows, int[] ends, int blocks, float[] b,
                                int j, int vecEnd, int cols, float[] acc) {
        for (int blk = 0; blk < blocks; blk++) {
            rowTail(vals, rows, ends[blk], ends[blk + 1], b, j, vecEnd, cols, acc, blk * cols);
        }
    }

    /** {@link #rowTail} for the steps {@code [from, to)} of one block, into {@code acc[accOff..]}. */
    private static void rowTail(float[] vals, int[] rows, int from, int to, float[] b, int j,
                                int vecEnd, int cols, float[] acc, int accOff) {
        if (vecEnd == cols) {
            FloatVector c0 = FloatVector.zero(S);
            for (int q = from; q < to; q++) {
                c0 = FloatVector.broadcast(S, vals[q]).fma(FloatVector.fromArray(S, b, rows[q] + j),
                        c0);
            }
            c0.intoArray(acc, accOff + j);
            return;
        }
        if (cols >= L) {
            // The last eight columns as one more vector, overlapping the ones before: the
            // overlapped lanes take the same chains, so they come out with the same bits.
            int o = cols - L;
            FloatVector c0 = FloatVector.zero(S);
            FloatVector c1 = c0;
            if (j < vecEnd) {
                for (int q = from; q < to; q++) {
                    FloatVector av = FloatVector.broadcast(S, vals[q]);
                    int bi = rows[q];
                    c0 = av.fma(FloatVector.fromArray(S, b, bi + j), c0);
                    c1 = av.fma(FloatVector.fromArray(S, b, bi + o), c1);
                }
                c0.intoArray(acc, accOff + j);
            } else {
                for (int q = from; q < to; q++) {
                    c1 = FloatVector.broadcast(S, vals[q])
                            .fma(FloatVector.fromArray(S, b, rows[q] + o), c1);
                }
            }
            c1.intoArray(acc, accOff + o);
            return;
        }
        // Fewer than eight columns in all (vecEnd is 0): a scalar chain per column.
        int last = cols - 1;
        int t1 = Math.min(1, last);
        int t2 = Math.min(2, last);
        int t3 = Math.min(3, last);
        int t4 = Math.min(4, last);
        int t5 = Math.min(5, last);
        int t6 = Math.min(6, last);
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        for (int q = from; q < to; q++) {
            float v = vals[q];
            int bi = rows[q];
            s0 = Math.fma(v, b[bi], s0);
            s1 = Math.fma(v, b[bi + t1], s1);
            s2 = Math.fma(v, b[bi + t2], s2);
            s3 = Math.fma(v, b[bi + t3], s3);
            s4 = Math.fma(v, b[bi + t4], s4);
            s5 = Math.fma(v, b[bi + t5], s5);
            s6 = Math.fma(v, b[bi + t6], s6);
        }
        tailStore(acc, accOff, accOff + cols, s0, s1, s2, s3, s4, s5, s6);
    }

    private static void tailStore(float[] acc, int from, int cols, float s0, float s1, float s2,
                                  float s3, float s4, float s5, float s6) {
        int n = cols - from;
        if (n > 0) {
            acc[from] = s0;
        }
        if (n > 1) {
            acc[from + 1] = s1;
        }
        if (n > 2) {
            acc[from + 2] = s2;
        }
        if (n > 3) {
            acc[from + 3] = s3;
        }
        if (n > 4) {
            acc[from + 4] = s4;
        }
        if (n > 5) {
            acc[from + 5] = s5;
        }
        if (n > 6) {
            acc[from + 6] = s6;
        }
    }

    /**
     * The epilogue of {@link #rowStream} for one block's sums, {@code acc[accOff ..]}: the
     * last {@code cols % L} columns go through {@code s.tile}, padded to a vector, so that they
     * take the same vector arithmetic.
     */
    private static void rowStore(GemmTask t, Scratch s, float[] acc, int accOff, int i, int j,
                                 int cols, boolean first, boolean last) {
        int cBase = t.cOff + i * t.ldc + j;
        boolean loadC = !first || t.beta != 0f;
        float beta = first ? t.beta : 1f;
        float[] bias = last ? t.bias : null;
        int vec = cols / L * L;
        if (vec > 0) {
            update(acc, accOff, 1, t.c, cBase, 0, loadC, beta, bias, t.biasOff + j, vec);
            if (last && t.act != Act.NONE) {
                activate(t.c, cBase, 0, 1, t.act, t.alpha, vec);
            }
        }
        int rest = cols - vec;
        if (rest > 0) {
            float[] tile = s.tile;
            float[] tailAcc = s.acc;
            System.arraycopy(acc, accOff + vec, tailAcc, 0, rest);
            if (loadC) {
                System.arraycopy(t.c, cBase + vec, tile, 0, rest);
            }
            float[] tailBias = null;
            if (bias != null) {
                tailBias = s.tileBias;
                System.arraycopy(bias, t.biasOff + j + vec, tailBias, 0, rest);
            }
            update(tailAcc, 0, 1, tile, 0, 0, loadC, beta, tailBias, 0, L);
            if (last && t.act != Act.NONE) {
                activate(tile, 0, 0, 1, t.act, t.alpha, L);
            }
            System.arraycopy(tile, 0, t.c, cBase + vec, rest);
        }
    }

    /**
     * Packs rows {@code [ic, ic+mc)}, steps {@code [pc, pc+kc)} of op(A) into micro-panels of
     * {@link #MR} rows: panel q holds element (r, p) at {@code q*MR*kc + p*MR + r}; rows past the
     * end are zero.
     */
    static void packA(GemmTask t, int ic, int mc, int pc, int kc, float[] dst) {
        packA(t, ic, mc, pc, kc, dst, 0);
    }

    static void packA(GemmTask t, int ic, int mc, int pc, int kc, float[] dst, int dstOff) {
        float[] a = t.a;
        for (int q = 0; q * MR < mc; q++) {
            int base = dstOff + q * MR * kc;
            int rows = Math.min(MR, mc - q * MR);
            int row0 = ic + q * MR;
            if (!t.transA) {
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = t.aOff + (row0 + r) * t.lda + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = 0f;
                        }
                    }
                }
            } else {
                int lda = t.lda;
                int src = t.aOff + pc * lda + row0;
                if (rows == MR) {
                    if (COPY4_VECTOR) {
                        for (int p = 0; p < kc; p++, src += lda) {
                            FloatVector.fromArray(S4, a, src).intoArray(dst, base + p * MR);
                        }
                    } else {
                        for (int p = 0; p < kc; p++, src += lda) {
                            int d = base + p * MR;
                            dst[d] = a[src];
                            dst[d + 1] = a[src + 1];
                            dst[d + 2] = a[src + 2];
                            dst[d + 3] = a[src + 3];
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda) {
                        int d = base + p * MR;
                        for (int r = 0; r < MR; r++) {
                            dst[d + r] = r < rows ? a[src + r] : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs steps {@code [pc, pc+kc)}, columns {@code [jc, jc+nc)} of op(B) into micro-panels of
     * {@link #NR} columns: panel q holds element (p, j) at {@code dstOff + q*NR*kc + p*NR + j};
     * columns past the end are zero.
     */
    static void packB(GemmTask t, int pc, int kc, int jc, int nc, float[] dst, int dstOff) {
        float[] b = t.b;
        int ldb = t.ldb;
        for (int q = 0; q * NR < nc; q++) {
            int base = dstOff + q * NR * kc;
            int cols = Math.min(NR, nc - q * NR);
            int col0 = jc + q * NR;
            if (!t.transB) {
                int src = t.bOff + pc * ldb + col0;
                if (cols == NR) {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        FloatVector.fromArray(S, b, src).intoArray(dst, base + p * NR);
                        FloatVector.fromArray(S, b, src + L).intoArray(dst, base + p * NR + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int d = base + p * NR;
                        for (int j = 0; j < NR; j++) {
                            dst[d + j] = j < cols ? b[src + j] : 0f;
                        }
                    }
                }
            } else {
                for (int j = 0; j < NR; j++) {
                    if (j < cols) {
                        int src = t.bOff + (col0 + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel: {@code acc} (4 x 16, row-major) = the sum over {@code p < kc} of column p
     * of the packed A panel times row p of the B panel (stride {@code bStride}).
     */
    static void kernel(int kc, float[] a, int aBase, float[] b, int bBase, int bStride, float[] acc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bBase + p * bStride;
            int ai = aBase + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, NR);
        c11.intoArray(acc, NR + L);
        c20.intoArray(acc, 2 * NR);
        c21.intoArray(acc, 2 * NR + L);
        c30.intoArray(acc, 3 * NR);
        c31.intoArray(acc, 3 * NR + L);
    }

    /**
     * {@link #kernel} with the epilogue of {@link #store} for a full tile folded in: the
     * accumulators go straight into C ({@code acc + beta*C}, or {@code acc + C} after the first
     * block of the inner dimension, then {@code + bias} after the last), with exactly the
     * operations {@link #update} performs, instead of through {@code s.acc} and back. It saves
     * sixteen memory operations and a call per tile and block, which matters when the inner
     * dimension is short (the weight gradients of a batch of 32 have 32 steps per tile).
     */
    static void kernelInto(int kc, float[] a, int aBase, float[] b, int bBase, int bStride,
                           float[] c, int cBase, int ldc, boolean loadC, float beta,
                           float[] bias, int biasOff) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bBase + p * bStride;
            int ai = aBase + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        // The epilogue written out: a vector handed to a helper method that C2 does not
        // inline is boxed, and then every call allocates.
        int r1 = cBase + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        if (loadC) {
            if (beta == 1f) {
                c00 = c00.add(FloatVector.fromArray(S, c, cBase));
                c01 = c01.add(FloatVector.fromArray(S, c, cBase + L));
                c10 = c10.add(FloatVector.fromArray(S, c, r1));
                c11 = c11.add(FloatVector.fromArray(S, c, r1 + L));
                c20 = c20.add(FloatVector.fromArray(S, c, r2));
                c21 = c21.add(FloatVector.fromArray(S, c, r2 + L));
                c30 = c30.add(FloatVector.fromArray(S, c, r3));
                c31 = c31.add(FloatVector.fromArray(S, c, r3 + L));
            } else {
                c00 = c00.add(FloatVector.fromArray(S, c, cBase).mul(beta));
                c01 = c01.add(FloatVector.fromArray(S, c, cBase + L).mul(beta));
                c10 = c10.add(FloatVector.fromArray(S, c, r1).mul(beta));
                c11 = c11.add(FloatVector.fromArray(S, c, r1 + L).mul(beta));
                c20 = c20.add(FloatVector.fromArray(S, c, r2).mul(beta));
                c21 = c21.add(FloatVector.fromArray(S, c, r2 + L).mul(beta));
                c30 = c30.add(FloatVector.fromArray(S, c, r3).mul(beta));
                c31 = c31.add(FloatVector.fromArray(S, c, r3 + L).mul(beta));
            }
        }
        if (bias != null) {
            FloatVector bias0 = FloatVector.fromArray(S, bias, biasOff);
            FloatVector bias1 = FloatVector.fromArray(S, bias, biasOff + L);
            c00 = c00.add(bias0);
            c01 = c01.add(bias1);
            c10 = c10.add(bias0);
            c11 = c11.add(bias1);
            c20 = c20.add(bias0);
            c21 = c21.add(bias1);
            c30 = c30.add(bias0);
            c31 = c31.add(bias1);
        }
        c00.intoArray(c, cBase);
        c01.intoArray(c, cBase + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }

    /**
     * {@link #kernel} on four rows of A read in place (row {@code r} at {@code aBase + r*lda}),
     * for products whose packed A would serve a single column panel. A separate method: with the
     * strides as variables the packed kernel ran 15-25 % slower.
     */
    /**
     * {@link #kernelRows}, also writing the four rows' steps into {@code pack} as a packed A
     * panel ({@code pack[packBase + p*MR + r]}, the layout of {@link #packA}) for the column
     * strips that follow: the packing's loads are the kernel's own, so a plain A costs no
     * separate pass over it.
     */
    static void kernelRowsPack(int kc, float[] a, int aBase, int lda, float[] b, int bBase,
                               int bStride, float[] acc, float[] pack, int packBase) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        int r1 = aBase + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        for (int p = 0; p < kc; p++) {
            int bi = bBase + p * bStride;
            int d = packBase + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            float x0 = a[aBase + p];
            float x1 = a[r1 + p];
            float x2 = a[r2 + p];
            float x3 = a[r3 + p];
            pack[d] = x0;
            pack[d + 1] = x1;
            pack[d + 2] = x2;
            pack[d + 3] = x3;
            FloatVector av = FloatVector.broadcast(S, x0);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, x1);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, x2);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, x3);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, NR);
        c11.intoArray(acc, NR + L);
        c20.intoArray(acc, 2 * NR);
        c21.intoArray(acc, 2 * NR + L);
        c30.intoArray(acc, 3 * NR);
        c31.intoArray(acc, 3 * NR + L);
    }

    static void kernelRows(int kc, float[] a, int aBase, int lda, float[] b, int bBase,
                           int bStride, float[] acc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        int r1 = aBase + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        for (int p = 0; p < kc; p++) {
            int bi = bBase + p * bStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[aBase + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[r1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[r2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[r3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, NR);
        c11.intoArray(acc, NR + L);
        c20.intoArray(acc, 2 * NR);
        c21.intoArray(acc, 2 * NR + L);
        c30.intoArray(acc, 3 * NR);
        c31.intoArray(acc, 3 * NR + L);
    }

    /**
     * Adds the accumulated tile {@code s.acc} into C at ({@code row}, {@code col}): scaled by
     * beta on the first block of the inner dimension, bias and activation after the last. Edge
     * tiles go through {@code s.tile} so they take exactly the same arithmetic as full ones.
     */
    static void store(GemmTask t, Scratch s, int row, int col, int mr, int nr,
                      boolean first, boolean last) {
        if (t.transC) {
            storeTransposed(t, s, row, col, mr, nr, first);
            return;
        }
        boolean loadC = !first || t.beta != 0f;
        float beta = first ? t.beta : 1f;
        boolean hasBias = last && t.bias != null;
        int act = last ? t.act : Act.NONE;
        float[] c = t.c;
        int ldc = t.ldc;
        int cBase = t.cOff + row * ldc + col;
        if (mr == MR && nr == NR) {
            update(s.acc, mr, c, cBase, ldc, loadC, beta, hasBias ? t.bias : null, t.biasOff + col);
            if (act != Act.NONE) {
                activate(c, cBase, ldc, mr, act, t.alpha);
            }
            return;
        }
        float[] tile = s.tile;
        if (loadC) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, cBase + r * ldc, tile, r * NR, nr);
            }
        }
        float[] bias = null;
        if (hasBias) {
            bias = s.tileBias;
            System.arraycopy(t.bias, t.biasOff + col, bias, 0, nr);
        }
        update(s.acc, mr, tile, 0, NR, loadC, beta, bias, 0);
        if (act != Act.NONE) {
            activate(tile, 0, NR, mr, act, t.alpha);
        }
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, cBase + r * ldc, nr);
        }
    }

    /**
     * {@link #store} for a task with C stored transposed ({@link GemmTask#swap}; no bias, no
     * activation): element (r, j) of the tile goes to C's row {@code col + j}, column
     * {@code row + r}, with the same arithmetic as {@link #update}, one element at a time.
     */
    private static void storeTransposed(GemmTask t, Scratch s, int row, int col, int mr, int nr,
                                        boolean first) {
        boolean loadC = !first || t.beta != 0f;
        float beta = first ? t.beta : 1f;
        float[] acc = s.acc;
        float[] c = t.c;
        int ldc = t.ldc;
        for (int j = 0; j < nr; j++) {
            int cRow = t.cOff + (col + j) * ldc + row;
            for (int r = 0; r < mr; r++) {
                float x = acc[r * NR + j];
                if (loadC) {
                    float cv = c[cRow + r];
                    x = beta == 1f ? x + cv : x + cv * beta;
                }
                c[cRow + r] = x;
            }
        }
    }

    /**
     * {@code dst = acc + beta*dst (+ bias)} for {@code rows} rows of {@link #NR} columns. The loop bound
     * is a constant, which C2 unrolls; the row kernel uses the {@code cols} overload.
     */
    private static void update(float[] acc, int rows, float[] dst, int dBase, int ld,
                               boolean loadC, float beta, float[] bias, int biasBase) {
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < NR; v += L) {
                int d = dBase + r * ld + v;
                FloatVector x = FloatVector.fromArray(S, acc, r * NR + v);
                if (loadC) {
                    FloatVector cv = FloatVector.fromArray(S, dst, d);
                    x = beta == 1f ? x.add(cv) : x.add(cv.mul(beta));
                }
                if (bias != null) {
                    x = x.add(FloatVector.fromArray(S, bias, biasBase + v));
                }
                x.intoArray(dst, d);
            }
        }
    }

    /**
     * Applies the activation in place to {@code rows} rows of {@link #NR} columns. The piecewise
     * linear activations run on vectors; the transcendental ones (elu, sigmoid, tanh) run through
     * {@link Act#apply}, because on JVMs without vector math intrinsics (JDK 17 among them)
     * {@code lanewise(EXP)} falls back to code that allocates, and because then every engine
     * computes them with exactly the same rounding.
     */
    static void activate(float[] dst, int dBase, int ld, int rows, int act, float alpha) {
        activate(dst, dBase, ld, rows, act, alpha, NR);
    }

    /**
     * {@code dst = acc + beta*dst (+ bias)} for {@code rows} rows of {@code cols} columns, for
     * the row kernel.
     */
    private static void update(float[] acc, int accOff, int rows, float[] dst, int dBase,
                               int ld, boolean loadC, float beta, float[] bias, int biasBase,
                               int cols) {
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < cols; v += L) {
                int d = dBase + r * ld + v;
                FloatVector x = FloatVector.fromArray(S, acc, accOff + r * cols + v);
                if (loadC) {
                    FloatVector cv = FloatVector.fromArray(S, dst, d);
                    x = beta == 1f ? x.add(cv) : x.add(cv.mul(beta));
                }
                if (bias != null) {
                    x = x.add(FloatVector.fromArray(S, bias, biasBase + v));
                }
                x.intoArray(dst, d);
            }
        }
    }

    /**
     * Applies the activation in place to {@code rows} rows of {@code cols} columns. The piecewise
     * linear activations run on vectors; the transcendental ones (elu, sigmoid, tanh) run through
     * {@link Act#apply}, because on JVMs without vector math intrinsics (JDK 17 among them)
     * {@code lanewise(EXP)} falls back to code that allocates, and because then every engine
     * computes them with exactly the same rounding.
     */
    static void activate(float[] dst, int dBase, int ld, int rows, int act, float alpha,
                         int cols) {
        for (int r = 0; r < rows; r++) {
            int d0 = dBase + r * ld;
            if (act == Act.RELU) {
                for (int v = 0; v < cols; v += L) {
                    FloatVector.fromArray(S, dst, d0 + v).max(0f).intoArray(dst, d0 + v);
                }
            } else if (act == Act.LEAKY_RELU) {
                for (int v = 0; v < cols; v += L) {
                    FloatVector x = FloatVector.fromArray(S, dst, d0 + v);
                    VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
                    x.mul(alpha).blend(x, pos).intoArray(dst, d0 + v);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    dst[d0 + j] = Act.apply(act, alpha, dst[d0 + j]);
                }
            }
        }
    }
}
