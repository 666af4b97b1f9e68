package nnc.runtime.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The per-epoch record of a training run, and how the run ended. */
public final class History {
    /** How training ended. */
    public enum Stop {
        /** Still running, or never started. */
        NONE,
        /** All epochs ran. */
        COMPLETED,
        /** Early stopping ended it: the monitored metric stopped improving. */
        EARLY_STOPPED,
        /** The loss became NaN or infinite; the last good parameters were restored. */
        DIVERGED
    }

    private final List<EpochMetrics> epochs = new ArrayList<>();
    private Stop stop = Stop.NONE;
    private String stopMessage = "";
    private int bestEpoch;

    /** An empty history. */
    public History() {
    }

    /** A copy of {@code other}, to continue from. */
    public History(History other) {
        epochs.addAll(other.epochs);
        stop = other.stop;
        stopMessage = other.stopMessage;
        bestEpoch = other.bestEpoch;
    }

    /** The epochs, oldest first (read-only). */
    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Number of epochs recorded. */
    public int size() {
        return epochs.size();
    }

    /** The last epoch, or {@code null} when none ran. */
    public EpochMetrics last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** How training ended. */
    public Stop stop() {
        return stop;
    }

    /** Why training ended, for a person (empty while running). */
    public String stopMessage() {
        return stopMessage;
    }

    /** One-based epoch with the best monitored metric under early stopping, or 0. */
    public int bestEpoch() {
        return bestEpoch;
    }

    void add(EpochMetrics metrics) {
        epochs.add(metrics);
    }

    void stop(Stop how, String message) {
        stop = how;
        stopMessage = message;
    }

    void bestEpoch(int epoch) {
        bestEpoch = epoch;
    }

    /** Writes the history (for a checkpoint). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(epochs.size());
        for (EpochMetrics m : epochs) {
            out.writeInt(m.epoch());
            out.writeDouble(m.learningRate());
            out.writeDouble(m.loss());
            out.writeDouble(m.accuracy());
            out.writeDouble(m.mae());
            out.writeDouble(m.valLoss());
            out.writeDouble(m.valAccuracy());
            out.writeDouble(m.valMae());
            out.writeLong(m.samples());
            out.writeDouble(m.trainSeconds());
            out.writeDouble(m.seconds());
        }
        out.writeByte(stop.ordinal());
        out.writeUTF(stopMessage);
        out.writeInt(bestEpoch);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static History readFrom(DataInput in) throws IOException {
        History h = new History();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative epoch count " + n);
        }
        for (int i = 0; i < n; i++) {
            h.epochs.add(new EpochMetrics(in.readInt(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readLong(), in.readDouble(), in.readDouble()));
        }
        int s = in.readByte();
        if (s < 0 || s >= Stop.values().length) {
            throw new IOException("unknown stop kind " + s);
        }
        h.stop = Stop.values()[s];
        h.stopMessage = in.readUTF();
        h.bestEpoch = in.readInt();
        return h;
    }
}
