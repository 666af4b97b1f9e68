package nnc.runtime.kernels;

/**
 * Fast single-precision matrix multiplication for generated models, with a fused dense-layer
 * epilogue (beta, bias, activation) and a fixed pool of threads.
 *
 * <p>All matrices are row-major {@code float[]} slices: element (i, j) of a matrix stored at
 * offset {@code off} with leading dimension {@code ld} is {@code x[off + i*ld + j]}.
 *
 * <p>Two implementations stand behind this class. When the {@code jdk.incubator.vector} module
 * is in the boot layer (run with {@code --add-modules=jdk.incubator.vector}) and the CPU has
 * 256-bit vectors, a register-blocked Vector API kernel is used; otherwise a cache-blocked scalar
 * one. The system property {@code nnc.kernels.scalar=true} forces the scalar one. The Vector API
 * classes are loaded only in the first case, so an application without the module runs fine.
 *
 * <p>Results are deterministic: every path and every thread count adds up each output element
 * in the same order (see {@link Blocking}), so a given call gives bit-identical results run to
 * run and for any number of threads, and the scalar path matches the vector path except in the
 * last bit of the transcendental activations. (One more exception, on the vector path: a
 * single row's product skips the steps where the row holds a zero, which changes nothing unless
 * the skipped weights are infinite or NaN.)
 *
 * <p>After warm-up (the first call with the largest shape), a call allocates nothing. An
 * instance may be used by one thread at a time.
 */
public final class Kernels implements AutoCloseable {
    /**
     * Up to this many multiply-adds, loops over the caller's arrays beat packing (single rows
     * still take the engine's row kernel where it has one, see
     * {@link GemmEngine#tinyRowKernel}).
     */
    static final long TINY_MACS = 4096;
    /** Below this many multiply-adds a call stays on the calling thread. */
    static final long PARALLEL_MIN_MACS = 1L << 17;

    private static final boolean VECTOR_OK = vectorAvailable();
    /**
     * With {@code -Dnnc.kernels.profile=true}, every gemm call adds its time and floating-point
     * operations to {@link #profiledNanos()} and {@link #profiledFlops()} (for benchmarks: the
     * GFLOP/s the gemm reaches inside a training step). Off, the check folds away.
     */
    private static final boolean PROFILE = Boolean.getBoolean("nnc.kernels.profile");
    private static long profNanos;
    private static long profFlops;

    private final GemmEngine engine;
    private final GemmTask task = new GemmTask();
    private final Job job = new Job();
    private final RangeJob rangeJob = new RangeJob();
    private Scratch[] scratch = new Scratch[0];
    private WorkerPool pool;
    private int threads;

    /**
     * Kernels running on {@code threads} threads (the caller and {@code threads - 1} workers);
     * {@code threads <= 0} means one per available processor.
     */
    public Kernels(int threads) {
        this(threads, VECTOR_OK && !Boolean.getBoolean("nnc.kernels.scalar"));
    }

    /** As {@link #Kernels(int)}, choosing the implementation; for tests and benchmarks. */
    Kernels(int threads, boolean vector) {
        if (vector && !VECTOR_OK) {
            throw new IllegalStateException("the Vector API is not available in this JVM");
        }
        this.engine = vector ? newVectorEngine() : new ScalarEngine();
        setThreads(threads);
    }

    /** Whether this JVM can run the Vector API path (module present, 256-bit vectors). */
    public static boolean vectorAvailable() {
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            return false;
        }
        try {
            Class<?> c = Class.forName("nnc.runtime.kernels.VectorEngine");
            return (Boolean) c.getDeclaredMethod("usable").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    private static GemmEngine newVectorEngine() {
        try {
            return (GemmEngine) Class.forName("nnc.runtime.kernels.VectorEngine")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the Vector API kernels", e);
        }
    }

    /** "vector" or "scalar": which implementation this instance runs. */
    public String implementation() {
        return engine.name();
    }

    /** The number of threads a call may use, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Changes the number of threads ({@code <= 0}: one per available processor), starting or
     * stopping workers as needed.
     *
     * @throws IllegalArgumentException above {@link nnc.runtime.TrainingConfig#MAX_THREADS}
     */
    public void setThreads(int threads) {
        if (threads > nnc.runtime.TrainingConfig.MAX_THREADS) {
            throw new IllegalArgumentException("at most " + nnc.runtime.TrainingConfig.MAX_THREADS
                    + " threads, not " + threads);
        }
        int t = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        if (t == this.threads) {
            return;
        }
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        Scratch[] s = new Scratch[t];
        for (int i = 0; i < t; i++) {
            s[i] = i < scratch.length ? scratch[i] : new Scratch(engine.tileFloats());
        }
        scratch = s;
        if (t > 1) {
            pool = new WorkerPool(t - 1);
        }
        this.threads = t;
    }

    /** Stops the worker threads; the instance then runs calls on the caller thread only. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = 1;
    }

    /**
     * {@code C = beta*C + op(A)*op(B)}: op(A) is m x k (A is stored k x m when {@code transA}),
     * op(B) is k x n (B is stored n x k when {@code transB}), C is m x n. With {@code beta == 0}
     * C is not read.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                null, 0, Act.NONE, 0f);
    }

    /**
     * The dense-layer forward with a fused epilogue:
     * {@code C[i][j] = act(beta*C[i][j] + sum_p op(A)[i][p]*op(B)[p][j] + bias[biasOff+j])}.
     * {@code bias} may be null (no bias); {@code act} is an {@link Act} constant and
     * {@code alpha} the leaky-relu slope or elu alpha.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     float[] bias, int biasOff, int act, float alpha) {
        checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                bias, biasOff, act);
        if (m == 0 || n == 0) {
            return;
        }
        long start = PROFILE ? System.nanoTime() : 0L;
        GemmTask t = task;
        t.set(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                bias, biasOff, act, alpha);
        try {
            long macs = (long) m * n * k;
            if (macs <= TINY_MACS && !(m == 1 && !transB && engine.tinyRowKernel())) {
                SmallGemm.compute(t);
            } else {
                if (transA && !transB && bias == null && act == Act.NONE
                        && engine.swapsNarrowGradient(m, n, k)) {
                    t.swap();
                }
                plan(t.m, t.n, macs);
                if (job.parts == 1) {
                    engine.compute(t, 0, t.m, 0, t.n, scratch[0]);
                } else {
                    pool.run(job, job.parts);
                }
            }
        } finally {
            t.clear();
            if (PROFILE) {
                profile(start, m, n, k);
            }
        }
    }

    private static synchronized void profile(long start, int m, int n, int k) {
        profNanos += System.nanoTime() - start;
        profFlops += 2L * m * n * k;
    }

    /** Nanoseconds spent in gemm calls since the last reset (needs {@code nnc.kernels.profile}). */
    public static synchronized long profiledNanos() {
        return profNanos;
    }

    /** Floating-point operations (2 per multiply-add) of those calls. */
    public static synchronized long profiledFlops() {
        return profFlops;
    }

    /** Zeroes the profile counters. */
    public static synchronized void resetProfile() {
        profNanos = 0;
        profFlops = 0;
    }

    /**
     * The backward pass of a ReLU layer with its bias gradient, for columns {@code [from, to)}
     * of {@code rows x cols} row-major matrices: {@code out = y > 0 ? dy : 0} element by element
     * ({@code out} may be {@code dy}), and {@code sums[c]} = the column sums of {@code out},
     * adding the rows in order. Exactly the fused loop the compiler would otherwise emit (bit
     * for bit: the same select as {@code Ops.ifPositive}, the same order of additions per
     * column), on vectors where the Vector API is available; C2 vectorizes neither the select
     * nor the column sums of the plain loop. Safe to call from several threads at once on
     * disjoint column ranges (generated code splits it with {@link #parallelFor(int, long,
     * Range)}); allocates nothing.
     */
    public void reluGradColumns(float[] out, int outOff, float[] dy, int dyOff, float[] y,
                                int yOff, int rows, int cols, int from, int to, float[] sums,
                                int sumsOff) {
        engine.activationGradColumns(Act.RELU, 0f, out, outOff, dy, dyOff, null, 0, y, yOff,
                rows, cols, from, to, sums, sumsOff);
    }

    /**
     * {@link #reluGradColumns(float[], int, float[], int, float[], int, int, int, int, int,
     * float[], int)} of {@code dy * mask} (a dropout mask, or any factor the compiler multiplied
     * in before the ReLU): {@code out = y > 0 ? dy*mask : 0}, the product rounded once, as in
     * the emitted loop.
     */
    public void reluGradColumns(float[] out, int outOff, float[] dy, int dyOff, float[] mask,
                                int maskOff, float[] y, int yOff, int rows, int cols, int from,
                                int to, float[] sums, int sumsOff) {
        java.util.Objects.requireNonNull(mask, "mask");
        engine.activationGradColumns(Act.RELU, 0f, out, outOff, dy, dyOff, mask, maskOff, y,
                yOff, rows, cols, from, to, sums, sumsOff);
    }

    /**
     * The backward pass of a layer with activation {@code act} ({@link Act#RELU},
     * {@link Act#LEAKY_RELU}, {@link Act#ELU}, {@link Act#SIGMOID} or {@link Act#TANH}, with
     * {@code alpha} for the leaky ReLU's slope and the ELU's scale) and its bias gradient, for
     * columns {@code [from, to)} of {@code rows x cols} row-major matrices, given the layer's
     * output {@code y}: {@code out} = the gradient of {@code d = dy} (or {@code dy*mask} when
     * {@code mask} is not null, rounded once) through the activation, element by element
     * ({@code out} may be {@code dy}), and {@code sums[c]} = the column sums of {@code out},
     * adding the rows in order from +0. Bit for bit the loop the compiler would otherwise emit:
     * ReLU {@code y > 0 ? d : 0}, leaky ReLU {@code y > 0 ? d : alpha*d}, ELU
     * {@code y > 0 ? d : d*(y + alpha)}, sigmoid {@code d*y*(1 - y)}, tanh
     * {@code d*(1 - y*y)}, each operation rounded to float in that order. On vectors where the
     * Vector API is available, down the rows in blocks of columns with the sums in registers.
     * Safe to call from several threads at once on disjoint column ranges; allocates nothing.
     *
     * @throws IllegalArgumentException if {@code act} is not one of those five
     */
    public void activationGradColumns(int act, float alpha, float[] out, int outOff, float[] dy,
                                      int dyOff, float[] mask, int maskOff, float[] y, int yOff,
                                      int rows, int cols, int from, int to, float[] sums,
                                      int sumsOff) {
        if (act != Act.RELU && act != Act.LEAKY_RELU && act != Act.ELU && act != Act.SIGMOID
                && act != Act.TANH) {
            throw new IllegalArgumentException("no gradient loop for " + Act.name(act));
        }
        engine.activationGradColumns(act, alpha, out, outOff, dy, dyOff, mask, maskOff, y, yOff,
                rows, cols, from, to, sums, sumsOff);
    }

    /**
     * The Adam update of parameters {@code [from, to)} without regularization: for each
     * {@code p}, {@code m = b1*m + (1-b1)*g}, {@code v = b2*v + (1-b2)*g*g}, then
     * {@code param -= lr*(m*c1) / (sqrt(v*c2) + eps)}, where {@code c1} and {@code c2} are the
     * bias corrections of the step. Exactly the loop the compiler would otherwise emit, bit for
     * bit, on vectors where the Vector API is available (C2 does not vectorize the plain loop).
     * Safe to call from several threads on disjoint ranges; allocates nothing.
     */
    public void adam(float[] params, float[] grads, float[] m, float[] v, int from, int to,
                     float lr, float b1, float b2, float eps, float c1, float c2) {
        engine.adam(params, grads, m, v, from, to, lr, b1, b2, eps, c1, c2);
    }

    /** The body of a loop over a range of indices, for {@link #parallelFor}. */
    public interface Range {
        /** Runs the loop body for indices {@code [from, to)}. */
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, count)}, split into one contiguous chunk per thread
     * (chunk bounds are multiples of 16, so no two threads write one cache line of a float
     * array that starts on one); below {@link #PARALLEL_MIN_ELEMENTS} indices, or with one
     * thread, on the calling thread alone. Meant for elementwise passes such as the optimizer
     * update, whose results then do not depend on the split. Allocates nothing.
     */
    public void parallelFor(int count, Range body) {
        if (count <= 0) {
            return;
        }
        if (pool == null || count < PARALLEL_MIN_ELEMENTS) {
            body.run(0, count);
            return;
        }
        RangeJob j = rangeJob;
        j.body = body;
        j.count = count;
        j.parts = threads;
        try {
            pool.run(j, threads);
        } finally {
            j.body = null;
        }
    }

    /** Below this many indices {@link #parallelFor} stays on the calling thread. */
    static final int PARALLEL_MIN_ELEMENTS = 1 << 14;

    /**
     * Below this much work (elements touched) {@link #parallelFor(int, long, Range)} stays on the
     * calling thread: waking a worker and waiting for it costs a few microseconds, about what one
     * core needs for 64K elements of a fused elementwise loop.
     */
    static final long PARALLEL_MIN_WORK = 1L << 16;

    /**
     * As {@link #parallelFor(int, Range)}, but decides by {@code work}, the number of elements
     * the whole loop touches, rather than by {@code count}: for loops over the columns (or rows)
     * of a matrix, where one index stands for a whole column (or row). Generated models split
     * their fused elementwise loops this way; a loop that also sums each column splits by
     * columns, so every column sum adds its rows in the same order for any thread count.
     */
    public void parallelFor(int count, long work, Range body) {
        if (count <= 0) {
            return;
        }
        if (pool == null || work < PARALLEL_MIN_WORK || count < 2) {
            body.run(0, count);
            return;
        }
        RangeJob j = rangeJob;
        j.body = body;
        j.count = count;
        j.parts = threads;
        try {
            pool.run(j, threads);
        } finally {
            j.body = null;
        }
    }

    private static final class RangeJob implements WorkerPool.Task {
        Range body;
        int count;
        int parts;

        @Override
        public void run(int part) {
            int lo = bound(part);
            int hi = bound(part + 1);
            if (lo < hi) {
                body.run(lo, hi);
            }
        }

        private int bound(int part) {
            if (part >= parts) {
                return count;
            }
            return Math.min(count, (int) ((long) count * part / parts) & ~15);
        }
    }

    /** Chooses how to split the call among threads: along rows or columns of C. */
    private void plan(int m, int n, long macs) {
        Job j = job;
        int rowPanels = Blocking.ceilDiv(m, engine.rowGrain());
        int colPanels = Blocking.ceilDiv(n, engine.colGrain());
        // A single sample's layer streams its weights once: splitting the columns halves each
        // core's stream, which pays from fewer multiply-adds than a blocked product needs.
        long minMacs = m < engine.rowGrain() ? PARALLEL_MIN_MACS / 8 : PARALLEL_MIN_MACS;
        if (pool == null || macs < minMacs) {
            j.set(false, 1, colPanels);
            return;
        }
        int t = threads;
        // Splitting columns makes every thread pack all of A (m x k), splitting rows all of B
        // (k x n): split the dimension that duplicates less, when it has enough panels.
        boolean byCols = colPanels >= t && (m <= n || rowPanels < t);
        if (!byCols && rowPanels < t) {
            byCols = colPanels > rowPanels;
        }
        int panels = byCols ? colPanels : rowPanels;
        j.set(byCols, Math.min(t, panels), panels);
        if (!byCols && j.parts > 1) {
            int block = engine.sharedRowBlock(task, j.parts);
            if (block > 0) {
                // Rows in blocks claimed as threads come free: on this shared machine one core
                // often runs slower than the other for a while, and a fixed half each makes
                // the faster thread wait for the slower at the end of every product.
                j.shared = true;
                task.sharedBlock = block;
                task.sharedParts = j.parts;
                task.claimed.set(0);
            }
        }
    }

    /** The parallel part of one call: part {@code p} computes its share of the panels. */
    private final class Job implements WorkerPool.Task {
        boolean byCols;
        /** Threads claim blocks of rows as they come free ({@link GemmEngine#computeShared}). */
        boolean shared;
        int parts;
        int panels;

        void set(boolean byCols, int parts, int panels) {
            this.byCols = byCols;
            this.parts = parts;
            this.panels = panels;
            this.shared = false;
        }

        @Override
        public void run(int part) {
            GemmTask t = task;
            if (shared) {
                engine.computeShared(t, scratch[part]);
                return;
            }
            int lo = (int) ((long) panels * part / parts);
            int hi = (int) ((long) panels * (part + 1) / parts);
            if (byCols) {
                int g = engine.colGrain();
                engine.compute(t, 0, t.m, lo * g, Math.min(hi * g, t.n), scratch[part]);
            } else {
                int g = engine.rowGrain();
                engine.compute(t, lo * g, Math.min(hi * g, t.m), 0, t.n, scratch[part]);
            }
        }
    }

    private static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] c, int cOff, int ldc, float[] bias, int biasOff,
                                  int act) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "negative dimension: m=" + m + " n=" + n + " k=" + k);
        }
        if (!Act.isValid(act)) {
            throw new IllegalArgumentException("unknown activation " + act);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (bias != null && n > 0 && (biasOff < 0 || (long) biasOff + n > bias.length)) {
            throw new IndexOutOfBoundsException("bias: offset " + biasOff + " + n " + n
                    + " exceeds length " + bias.length);
        }
    }

    /** Checks that a rows x cols matrix stored at off with leading dimension ld fits in x. */
    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (x == null) {
            throw new NullPointerException(name + " is null");
        }
        if (ld < cols) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld
                    + " < " + cols + " columns");
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || end > x.length) {
            throw new IndexOutOfBoundsException(name + ": " + rows + " x " + cols
                    + " at offset " + off + " with leading dimension " + ld
                    + " needs " + end + " floats, array has " + x.length);
        }
    }
}
