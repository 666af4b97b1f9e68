package nnc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import nnc.compiler.Compiler;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.jit.InMemoryCompiler;
import nnc.compiler.source.SourceFile;
import nnc.runtime.Model;
import nnc.runtime.Rng;
import nnc.runtime.data.Dataset;
import nnc.runtime.data.IdxReader;
import nnc.runtime.kernels.Kernels;

/**
 * The nnc side of the PyTorch comparison: compiles {@code bench/mlp.nn}, then measures training
 * samples/s at a batch size and thread count, or inference throughput and latency, and prints
 * one JSON line per measurement, in the format of {@code bench/torch_mlp.py}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/nnc-bench.jar nnc.bench.NncMlp \
 *     --threads 1 --batch 128 --seconds 3
 * java ... nnc.bench.NncMlp --threads 1 --infer
 * java -Dnnc.kernels.profile=true ... nnc.bench.NncMlp --batch 1024   # adds the gemm's GFLOP/s
 * java ... nnc.bench.NncMlp --serve --threads 1 --batch 128 [--infer]
 * </pre>
 *
 * <p>With {@code --serve} it sets up once, then measures on request, for {@code bench/lockstep.py},
 * which alternates short slices of nnc and PyTorch so that both see the same machine: each line
 * read from standard input is a command and a duration in seconds, and each is answered with one
 * JSON line. {@code warm S} runs the operation without measuring; {@code run S} measures it
 * (training samples/s, with the gemm's GFLOP/s when profiling is on; or inference throughput at
 * batch 1024 with {@code --infer}); {@code latency S} the mean latency of {@code predict} on one
 * sample; {@code fma S} the FMA peak of one thread ({@link FmaPeak}); {@code quit} ends.
 */
public final class NncMlp {
    private NncMlp() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        int threads = 1;
        int batch = 128;
        double seconds = 3;
        boolean infer = false;
        boolean serve = false;
        String model = "bench/mlp.nn";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--infer" -> infer = true;
                case "--serve" -> serve = true;
                case "--model" -> model = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Compiler.Result r = compile(Path.of(model));
        float[][] data = data(r.model().inputSize());
        if (serve) {
            serve(r, data, threads, batch, infer);
        } else if (infer) {
            inference(r, data, threads, seconds);
        } else {
            training(r, data, threads, batch, seconds);
        }
    }

    static Compiler.Result compile(Path file) throws IOException {
        Diagnostics d = new Diagnostics(SourceFile.read(file));
        Compiler.Result r = Compiler.compile(d, Compiler.Options.defaults());
        if (r == null) {
            throw new IllegalStateException(d.render());
        }
        return r;
    }

    static Model instantiate(Compiler.Result r, int maxBatch, int threads) throws Exception {
        Model m = InMemoryCompiler.compile(r.className(), r.java().toString())
                .getConstructor(int.class).newInstance(maxBatch);
        m.setThreads(threads);
        return m;
    }

    /** Fashion-MNIST scaled to [0, 1] when installed, else random pixels; and labels. */
    static float[][] data(int inputs) {
        Path images = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
        Path labels = Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");
        if (Files.exists(images) && Files.exists(labels)) {
            Dataset d = IdxReader.read(images, labels);
            float[] x = d.features().clone();
            for (int i = 0; i < x.length; i++) {
                x[i] /= 255f;
            }
            return new float[][] {x, d.targets()};
        }
        Rng rng = new Rng(1);
        int n = 60_000;
        float[] x = new float[n * inputs];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(10);
        }
        return new float[][] {x, y};
    }

    private static void training(Compiler.Result r, float[][] data, int threads, int batch,
                                 double seconds) throws Exception {
        Runnable step = trainingStep(instantiate(r, batch, threads), data, batch);
        double rate = measure(step, batch, seconds);
        String gemm = "";
        if (Boolean.getBoolean("nnc.kernels.profile")) {
            // After the timed slices: the gemm's own rate, and its share of the step's time.
            Kernels.resetProfile();
            long start = System.nanoTime();
            long end = start + (long) (seconds / 3 * 1e9);
            long now;
            do {
                step.run();
                now = System.nanoTime();
            } while (now < end);
            double gemmSeconds = Kernels.profiledNanos() / 1e9;
            gemm = String.format(Locale.ROOT, ", \"gemm_gflops\": %.1f, \"gemm_time_share\": %.3f",
                    Kernels.profiledFlops() / gemmSeconds / 1e9, gemmSeconds / ((now - start) / 1e9));
        }
        System.out.printf(Locale.ROOT, "{\"impl\": \"nnc\", \"mode\": \"train\", \"threads\": %d, "
                + "\"batch\": %d, \"samples_per_s\": %.1f%s, \"java\": \"%s\"}%n", threads, batch,
                rate, gemm, Runtime.version().feature());
    }

    /** One training step per call, on consecutive batches of the data (wrapping around). */
    private static Runnable trainingStep(Model m, float[][] data, int batch) {
        int inputs = m.inputSize();
        int rows = data[1].length;
        int[] cursor = {0};
        return () -> {
            int start = cursor[0];
            if (start + batch > rows) {
                start = 0;
            }
            // The batch's rows are read where they are (PyTorch's loop slices a view of its
            // tensor); copying 1024 rows into the input buffer took about 0.4 ms of a step.
            m.useInput(data[0], start * inputs);
            System.arraycopy(data[1], start, m.targetBuffer(), 0, batch);
            m.trainStep(batch, 1e-3f);
            cursor[0] = start + batch;
        };
    }

    private static void serve(Compiler.Result r, float[][] data, int threads, int batch,
                              boolean infer) throws Exception {
        Runnable op;
        int opBatch;
        if (infer) {
            opBatch = 1024;
            Model m = instantiate(r, opBatch, threads);
            System.arraycopy(data[0], 0, m.inputBuffer(), 0, opBatch * m.inputSize());
            op = () -> m.forward(opBatch, false);
        } else {
            opBatch = batch;
            op = trainingStep(instantiate(r, batch, threads), data, batch);
        }
        Model one = instantiate(r, 1, threads);
        float[] sample = Arrays.copyOf(data[0], one.inputSize());
        float[] out = new float[one.outputSize()];
        Runnable predict = () -> one.predict(sample, out);
        java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        System.out.println("{\"ready\": true}");
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("quit")) {
                break;
            }
            double seconds = f.length > 1 ? Double.parseDouble(f[1]) : 1.0;
            String reply;
            switch (f[0]) {
                case "warm" -> {
                    slice(op, seconds);
                    slice(predict, Math.min(seconds, 0.5));
                    for (int i = 0; i < 20; i++) {
                        FmaPeak.chains(10_000_000); // C2 compiles the loop (OSR, then the method)
                    }
                    reply = "{\"warm\": true}";
                }
                case "run" -> {
                    Kernels.resetProfile();
                    double[] s = slice(op, seconds);
                    double rate = s[0] * opBatch / s[1];
                    String gemm = "";
                    if (Boolean.getBoolean("nnc.kernels.profile") && !infer) {
                        double gemmSeconds = Kernels.profiledNanos() / 1e9;
                        gemm = String.format(Locale.ROOT,
                                ", \"gemm_gflops\": %.2f, \"gemm_time_share\": %.4f",
                                Kernels.profiledFlops() / gemmSeconds / 1e9, gemmSeconds / s[1]);
                    }
                    reply = String.format(Locale.ROOT, "{\"samples_per_s\": %.1f%s}", rate, gemm);
                }
                case "latency" -> {
                    double[] s = slice(predict, seconds);
                    reply = String.format(Locale.ROOT, "{\"latency_us\": %.3f}", s[1] / s[0] * 1e6);
                }
                case "fma" -> {
                    long iterations = 0;
                    int chunk = 2_000_000;
                    long start = System.nanoTime();
                    long end = start + (long) (seconds * 1e9);
                    float sink = 0;
                    long now;
                    do {
                        sink += FmaPeak.chains(chunk);
                        iterations += chunk;
                        now = System.nanoTime();
                    } while (now < end);
                    double flops = 2.0 * 8 * FmaPeak.CHAINS * iterations;
                    reply = String.format(Locale.ROOT, "{\"fma_peak_gflops\": %.2f%s}",
                            flops / ((now - start) / 1e9) / 1e9, Float.isNaN(sink) ? ", \"nan\": true" : "");
                }
                default -> reply = "{\"error\": \"unknown command " + f[0] + "\"}";
            }
            System.out.println(reply);
            System.out.flush();
        }
    }

    /** Runs {@code op} for {@code seconds}: {calls, elapsed seconds}. */
    private static double[] slice(Runnable op, double seconds) {
        long calls = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            op.run();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return new double[] {calls, (now - start) / 1e9};
    }

    private static void inference(Compiler.Result r, float[][] data, int threads,
                                  double seconds) throws Exception {
        int batch = 1024;
        Model m = instantiate(r, batch, threads);
        int inputs = m.inputSize();
        System.arraycopy(data[0], 0, m.inputBuffer(), 0, batch * inputs);
        double throughput = measure(() -> m.forward(batch, false), batch, seconds);
        Model one = instantiate(r, 1, threads);
        float[] sample = Arrays.copyOf(data[0], inputs);
        float[] out = new float[one.outputSize()];
        double perSecond = measure(() -> one.predict(sample, out), 1, seconds);
        System.out.printf(Locale.ROOT, "{\"impl\": \"nnc\", \"mode\": \"infer\", \"threads\": %d, "
                        + "\"batch1024_samples_per_s\": %.1f, \"batch1_latency_us\": %.3f, "
                        + "\"java\": \"%s\"}%n", threads, throughput, 1e6 / perSecond,
                Runtime.version().feature());
    }

    /**
     * Samples per second of {@code op} (each call handles {@code batch} samples): warm up for a
     * third of the time (at least 1.5 s, so that C2 has compiled the step), then the median of
     * five timed slices.
     */
    static double measure(Runnable op, int batch, double seconds) {
        long warm = System.nanoTime() + (long) (Math.max(1.5, seconds / 3) * 1e9);
        while (System.nanoTime() < warm) {
            op.run();
        }
        double[] rates = new double[5];
        long slice = (long) (seconds / 5 * 1e9);
        for (int s = 0; s < rates.length; s++) {
            long calls = 0;
            long start = System.nanoTime();
            long end = start + slice;
            long now;
            do {
                op.run();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            rates[s] = calls * (double) batch / ((now - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }
}
