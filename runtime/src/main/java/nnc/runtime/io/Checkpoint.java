package nnc.runtime.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import nnc.runtime.Model;
import nnc.runtime.data.Normalizer;
import nnc.runtime.train.History;

/**
 * A trained model's state in one file: what training needs to resume and what prediction needs
 * to reproduce the training-time inputs.
 *
 * <p>Layout (big-endian): the magic bytes {@code NNCW}, the format version, the model's name and
 * source hash, the seed, completed epochs, optimizer step count, the parameter count, named float
 * arrays (the parameters, each optimizer state array, and the best epoch's parameters when early
 * stopping kept them), the normalizer, the history, and a CRC32 of everything before it.
 *
 * <p>{@link #write(Path)} replaces the file atomically: it writes a temporary file beside it,
 * forces it to disk and renames it over the old one, so a crash at any point leaves either the
 * old file or the new one, never a mixture.
 */
public final class Checkpoint {
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAGIC = 0x4E4E4357; // "NNCW"
    private static final String PARAMETERS = "parameters";
    private static final String BEST = "best_parameters";
    private static final String STATE_PREFIX = "state.";
    private static final int CHUNK = 1 << 16;

    private final String modelName;
    private final String sourceHash;
    private final long seed;
    private final int epoch;
    private final long stepCount;
    private final int parameterCount;
    private final Map<String, float[]> arrays;
    private final Normalizer normalizer;
    private final History history;
    private final String fileName;

    private Checkpoint(String modelName, String sourceHash, long seed, int epoch, long stepCount,
                       int parameterCount, Map<String, float[]> arrays, Normalizer normalizer,
                       History history, String fileName) {
        this.fileName = fileName;
        this.modelName = modelName;
        this.sourceHash = sourceHash;
        this.seed = seed;
        this.epoch = epoch;
        this.stepCount = stepCount;
        this.parameterCount = parameterCount;
        this.arrays = arrays;
        this.normalizer = normalizer;
        this.history = history;
    }

    /**
     * Captures {@code model}'s current state (copying its arrays).
     *
     * @param seed           the training seed
     * @param history        the epochs so far; their count is the checkpoint's epoch
     * @param normalizer     the feature scaling fitted on the training data
     * @param bestParameters the best epoch's parameters (early stopping), or {@code null}
     */
    public static Checkpoint capture(Model model, long seed, History history,
                                     Normalizer normalizer, float[] bestParameters) {
        float[] params = model.parameters();
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put(PARAMETERS, params.clone());
        float[][] state = model.optimizerState();
        String[] names = model.optimizerStateNames();
        for (int i = 0; i < state.length; i++) {
            arrays.put(STATE_PREFIX + names[i], state[i].clone());
        }
        if (bestParameters != null) {
            arrays.put(BEST, bestParameters.clone());
        }
        History h = history == null ? new History() : new History(history);
        return new Checkpoint(model.name(), model.sourceHash(), seed, h.size(), model.stepCount(),
                params.length, arrays, normalizer == null ? Normalizer.none() : normalizer, h,
                "the checkpoint");
    }

    /** Name of the model it was trained from. */
    public String modelName() {
        return modelName;
    }

    /** Source hash of the model it was trained from. */
    public String sourceHash() {
        return sourceHash;
    }

    /** The training seed. */
    public long seed() {
        return seed;
    }

    /** Epochs completed. */
    public int epoch() {
        return epoch;
    }

    /** Optimizer steps taken. */
    public long stepCount() {
        return stepCount;
    }

    /** A copy of the parameters. */
    public float[] parameters() {
        return arrays.get(PARAMETERS).clone();
    }

    /** A copy of the best epoch's parameters, or {@code null} when none were kept. */
    public float[] bestParameters() {
        float[] best = arrays.get(BEST);
        return best == null ? null : best.clone();
    }

    /** The normalizer fitted on the training data. */
    public Normalizer normalizer() {
        return normalizer;
    }

    /** A copy of the training history. */
    public History history() {
        return new History(history);
    }

    /**
     * Checks that this checkpoint belongs to {@code model}: same name, same source hash, same
     * parameter count, and every optimizer state array the model has.
     *
     * @throws CheckpointException saying what differs
     */
    public void checkFits(Model model) {
        String what = fileName;
        if (!modelName.equals(model.name())) {
            throw new CheckpointException(what + " was trained from model `" + modelName
                    + "` (source hash " + shortHash(sourceHash) + "), not from `" + model.name()
                    + "` (source hash " + shortHash(model.sourceHash()) + ")");
        }
        if (!sourceHash.equals(model.sourceHash())) {
            throw new CheckpointException(what + " was trained from another version of model `"
                    + modelName + "` (source hash " + shortHash(sourceHash) + "; the source now "
                    + "hashes to " + shortHash(model.sourceHash()) + "); train it again");
        }
        if (parameterCount != model.parameters().length) {
            throw new CheckpointException(what + " holds " + parameterCount + " parameters, but "
                    + "model `" + model.name() + "` has " + model.parameters().length);
        }
        if (normalizer.kind() != nnc.runtime.DataConfig.Normalize.NONE
                && normalizer.featureCount() != model.inputSize()) {
            throw new CheckpointException(what + " scales " + normalizer.featureCount()
                    + " features, but model `" + model.name() + "` takes " + model.inputSize()
                    + "; the file is damaged");
        }
        for (String name : model.optimizerStateNames()) {
            if (!arrays.containsKey(STATE_PREFIX + name)) {
                throw new CheckpointException(what + " has no optimizer state `" + name
                        + "`, which model `" + model.name() + "` needs to resume training");
            }
        }
    }

    /**
     * Puts the parameters, optimizer state and step count into {@code model}, after
     * {@link #checkFits}. Training resumes at epoch {@link #epoch()} + 1.
     */
    public void restoreInto(Model model) {
        checkFits(model);
        System.arraycopy(arrays.get(PARAMETERS), 0, model.parameters(), 0, parameterCount);
        float[][] state = model.optimizerState();
        String[] names = model.optimizerStateNames();
        for (int i = 0; i < state.length; i++) {
            System.arraycopy(arrays.get(STATE_PREFIX + names[i]), 0, state[i], 0,
                    parameterCount);
        }
        model.setStepCount(stepCount);
    }

    /** Writes this checkpoint to {@code file}, atomically replacing any file there. */
    public void write(Path file) {
        write(file, written -> { });
    }

    /** Called after each chunk written to the temporary file; tests use it to fail mid-write. */
    @FunctionalInterface
    interface WriteProbe {
        void written(long bytes) throws IOException;
    }

    void write(Path file, WriteProbe probe) {
        byte[] bytes = encode();
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int off = 0; off < bytes.length; off += CHUNK) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes, off, Math.min(CHUNK,
                            bytes.length - off));
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    probe.written(off + (long) Math.min(CHUNK, bytes.length - off));
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write already failed; that error is the one to report.
            }
            throw new CheckpointException("cannot write " + file + ": "
                    + (e instanceof IOException io ? IoErrors.reason(io) : e.getMessage()), e);
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself is already on disk.
        }
    }

    private byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                64 + arrays.size() * (parameterCount * 4 + 32));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(modelName);
            out.writeUTF(sourceHash);
            out.writeLong(seed);
            out.writeInt(epoch);
            out.writeLong(stepCount);
            out.writeInt(parameterCount);
            out.writeInt(arrays.size());
            ByteBuffer buf = ByteBuffer.allocate(parameterCount * 4);
            for (Map.Entry<String, float[]> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                buf.clear();
                buf.asFloatBuffer().put(e.getValue());
                out.write(buf.array(), 0, parameterCount * 4);
            }
            normalizer.writeTo(out);
            history.writeTo(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new CheckpointException("cannot encode the checkpoint: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Whether {@code file} is a regular file that starts with a checkpoint's magic bytes. */
    public static boolean isCheckpoint(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && ByteBuffer.wrap(head).getInt() == MAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a checkpoint, verifying its magic bytes, format version and checksum.
     *
     * @throws CheckpointException when the file is missing, not a checkpoint, of another
     *                             version, or damaged
     */
    public static Checkpoint read(Path file) {
        String what = file.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new CheckpointException(file + " is a folder, not a weights file");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new CheckpointException(file + " is not a regular file, not a weights file");
            }
            if (Files.isRegularFile(file) && Files.size(file) > Integer.MAX_VALUE - 64) {
                throw new CheckpointException(what + " is not an nnc checkpoint (it is larger "
                        + "than 2 GB, which no checkpoint can be)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file");
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
        ByteBuffer head = ByteBuffer.wrap(bytes);
        if (bytes.length < 4 || head.getInt(0) != MAGIC) {
            throw new CheckpointException(what + " is not an nnc checkpoint (it does not start "
                    + "with the bytes NNCW)");
        }
        if (bytes.length < 16) {
            throw new CheckpointException(what + " is truncated (" + bytes.length + " bytes)");
        }
        int version = head.getInt(4);
        if (version != FORMAT_VERSION) {
            throw new CheckpointException(what + " has checkpoint format " + version
                    + ", but this nnc reads format " + FORMAT_VERSION
                    + (version > FORMAT_VERSION ? "; it was written by a newer nnc" : ""));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != head.getLong(bytes.length - 8)) {
            throw new CheckpointException(what + " is damaged: its checksum does not match its "
                    + "contents (was it truncated or changed?)");
        }
        try (DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(bytes, 8, bytes.length - 16))) {
            String name = in.readUTF();
            String hash = in.readUTF();
            long seed = in.readLong();
            int epoch = in.readInt();
            long steps = in.readLong();
            int count = in.readInt();
            int arrayCount = in.readInt();
            if (count < 0 || arrayCount < 1 || (long) count * 4 * arrayCount > bytes.length) {
                throw new IOException("bad array sizes");
            }
            Map<String, float[]> arrays = new LinkedHashMap<>();
            byte[] raw = new byte[count * 4];
            for (int i = 0; i < arrayCount; i++) {
                String key = in.readUTF();
                in.readFully(raw);
                float[] values = new float[count];
                ByteBuffer.wrap(raw).asFloatBuffer().get(values);
                arrays.put(key, values);
            }
            if (!arrays.containsKey(PARAMETERS)) {
                throw new IOException("no parameters");
            }
            Normalizer normalizer = Normalizer.readFrom(in);
            History history = History.readFrom(in);
            if (in.available() != 0) {
                throw new IOException(in.available() + " unexpected bytes at the end");
            }
            return new Checkpoint(name, hash, seed, epoch, steps, count, arrays, normalizer,
                    history, what);
        } catch (EOFException | UTFDataFormatException e) {
            throw new CheckpointException(what + " is damaged: it ends too early", e);
        } catch (IOException e) {
            throw new CheckpointException(what + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String shortHash(String hash) {
        return hash == null ? "unknown" : hash.length() > 8 ? hash.substring(0, 8) + "…" : hash;
    }

    @Override
    public String toString() {
        return "checkpoint of `" + modelName + "` at epoch " + epoch + " (" + parameterCount
                + " parameters, arrays " + Arrays.toString(arrays.keySet().toArray()) + ")";
    }
}
