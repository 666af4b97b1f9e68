package nnc.runtime.train;

import java.io.PrintStream;
import java.util.Locale;
import nnc.runtime.Model;

/**
 * Prints training progress: on a terminal a live progress bar with samples/s, ETA and running
 * loss, redrawn in place; elsewhere (a CI log, a pipe) one plain line per epoch.
 */
public final class ConsoleProgress implements TrainingListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean interactive;
    private int epochs;
    private int trainSize;
    private long epochStart;
    private long lastDraw;
    private int barLength;
    private int every = 1;

    /**
     * A printer to {@code out}.
     *
     * @param interactive draw a live bar (for a terminal) instead of per-epoch lines only
     */
    public ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Prints to standard output, with a bar only when there is a terminal. */
    public static ConsoleProgress forConsole() {
        return new ConsoleProgress(System.out, System.console() != null);
    }

    @Override
    public void onStart(Model model, int firstEpoch, int epochs, int trainSize,
                        int validationSize, int batchSize) {
        this.epochs = epochs;
        this.trainSize = trainSize;
        // Long runs of tiny epochs print about 25 lines, not one per epoch.
        this.every = epochs <= 50 ? 1 : (int) Math.ceil(epochs / 25.0);
        epochStart = System.nanoTime();
        out.printf(Locale.ROOT, "training `%s`: %d samples%s, batch %d, epochs %d%s%n",
                model.name(), trainSize,
                validationSize > 0 ? " (+" + validationSize + " for validation)" : "",
                batchSize, epochs, firstEpoch > 1 ? ", resuming at epoch " + firstEpoch : "");
        if (every > 1) {
            out.printf(Locale.ROOT, "(printing every %d%s epoch)%n", every, ordinal(every));
        }
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, long samplesDone, double runningLoss) {
        long now = System.nanoTime();
        if (batch == 1) {
            epochStart = now;
        }
        if (!interactive || (now - lastDraw < REDRAW_NANOS && batch != batches)) {
            return;
        }
        lastDraw = now;
        double seconds = (now - epochStart) / 1e9;
        double rate = seconds > 0 ? samplesDone / seconds : 0;
        double eta = rate > 0 ? (trainSize - samplesDone) / rate : 0;
        int filled = (int) (BAR * samplesDone / Math.max(1, trainSize));
        String bar = "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
        String line = String.format(Locale.ROOT,
                "epoch %d/%d [%s] %3d%% %s samples/s  ETA %s  loss %.4f", epoch, epochs, bar,
                100 * samplesDone / Math.max(1, trainSize), rate(rate), clock(eta), runningLoss);
        // Pad over the rest of a longer previous line instead of relying on terminal escapes.
        out.print("\r" + line + " ".repeat(Math.max(0, barLength - line.length())));
        out.flush();
        barLength = line.length();
    }

    @Override
    public void onEpoch(EpochMetrics m, History history) {
        if (barLength > 0) {
            out.print("\r" + " ".repeat(barLength) + "\r");
            barLength = 0;
        }
        if (every == 1 || m.epoch() == 1 || m.epoch() % every == 0 || m.epoch() == epochs
                || !Double.isFinite(m.loss())) {
            out.println(line(m, epochs));
        }
    }

    private static String ordinal(int n) {
        if (n % 100 >= 11 && n % 100 <= 13) {
            return "th";
        }
        return switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    @Override
    public void onEnd(History history) {
        if (barLength > 0) {
            out.println();
            barLength = 0;
        }
        if (!history.stopMessage().isEmpty()) {
            out.println(history.stopMessage());
        }
    }

    /** One epoch as one line: {@code epoch 3/20  loss 0.4123  acc 85.21%  val_loss ...}. */
    public static String line(EpochMetrics m, int epochs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", m.epoch(), epochs,
                m.loss()));
        if (!Double.isNaN(m.accuracy())) {
            sb.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * m.accuracy()));
        }
        if (!Double.isNaN(m.mae())) {
            sb.append(String.format(Locale.ROOT, "  mae %.4g", m.mae()));
        }
        if (!Double.isNaN(m.valLoss())) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f", m.valLoss()));
        }
        if (!Double.isNaN(m.valAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  val_acc %.2f%%", 100 * m.valAccuracy()));
        }
        if (!Double.isNaN(m.valMae())) {
            sb.append(String.format(Locale.ROOT, "  val_mae %.4g", m.valMae()));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.3g  %s samples/s  %.1fs", m.learningRate(),
                rate(m.samplesPerSecond()), m.seconds()));
        return sb.toString();
    }

    private static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
