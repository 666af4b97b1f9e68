package nnc.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
 *
 * <p>An IDX file is a 4-byte magic number {@code 0 0 TYPE DIMS}, then {@code DIMS} big-endian
 * 32-bit sizes, then the values row-major and big-endian. Compression is recognised by the
 * gzip magic bytes, not by the file name.
 */
public final class IdxReader {
    private static final int GZIP_MAGIC = 0x1f8b;

    private IdxReader() {
    }

    /** The contents of one IDX file: its dimensions and its values as floats. */
    public record IdxArray(int[] dims, float[] values) {
        /** Number of items: the first dimension. */
        public int count() {
            return dims[0];
        }

        /** Shape of one item: the remaining dimensions ({@code [1]} for a 1-D file). */
        public int[] itemShape() {
            return dims.length == 1 ? new int[] {1} : Arrays.copyOfRange(dims, 1, dims.length);
        }
    }

    /**
     * Reads images and their labels into a data set of {@code count} samples shaped like one
     * image, with one class index per sample as target. Pixel values are kept as stored (0 to
     * 255 for bytes); scaling is the normalizer's job.
     *
     * @throws DataException when a file is missing, malformed, truncated or the counts differ
     */
    public static Dataset read(Path images, Path labels) {
        IdxArray x = readArray(images);
        IdxArray y = readArray(labels);
        if (y.dims().length != 1) {
            throw DataException.in(labels, "a labels file has 1 dimension, but this one has "
                    + y.dims().length + " " + Arrays.toString(y.dims()));
        }
        if (x.count() != y.count()) {
            throw DataException.in(labels, "holds " + y.count() + " labels, but " + images
                    + " holds " + x.count() + " images");
        }
        return new Dataset(images.toString(), labels.toString(), 0, x.values(), x.itemShape(),
                y.values(), 1);
    }

    /** Reads images only (for prediction): a data set without targets. */
    public static Dataset readFeatures(Path images) {
        IdxArray x = readArray(images);
        return new Dataset(images.toString(), x.values(), x.itemShape(), null, 0);
    }

    /** Reads one IDX file of any value type. */
    public static IdxArray readArray(Path file) {
        try (InputStream in = open(file)) {
            return parse(file, in);
        } catch (NoSuchFileException e) {
            throw DataException.in(file, "no such file");
        } catch (EOFException e) {
            throw DataException.in(file, "is truncated: the gzip stream ends early");
        } catch (ZipException e) {
            throw DataException.in(file, "is not a valid gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: "
                    + nnc.runtime.io.IoErrors.reason(e), e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (((b0 << 8) | b1) == GZIP_MAGIC) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    private static IdxArray parse(Path file, InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4 || header[0] != 0 || header[1] != 0) {
            throw DataException.in(file, "is not an IDX file: it does not start with the magic "
                    + "bytes 00 00 (found " + hex(header) + ")");
        }
        int type = header[2] & 0xff;
        int rank = header[3] & 0xff;
        int width = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw DataException.in(file, String.format("unknown IDX value type 0x%02X "
                    + "(expected 08 ubyte, 09 byte, 0B short, 0C int, 0D float or 0E double)",
                    type));
        };
        if (rank == 0) {
            throw DataException.in(file, "the IDX header declares 0 dimensions");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw DataException.in(file, "is truncated: the header declares " + rank
                    + " dimensions but the file ends inside it");
        }
        ByteBuffer dimBuf = ByteBuffer.wrap(dimBytes);
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = dimBuf.getInt();
            if (dims[i] < 0) {
                throw DataException.in(file, "dimension " + (i + 1) + " is negative ("
                        + dims[i] + ")");
            }
            count *= dims[i];
            if (count * width > Integer.MAX_VALUE - 8) {
                throw DataException.in(file, "the header declares " + Arrays.toString(dims)
                        + ", too large to load");
            }
        }
        int n = (int) count;
        byte[] body = in.readNBytes(n * width);
        if (body.length < n * width) {
            throw DataException.in(file, "is truncated: the header declares "
                    + Arrays.toString(dims) + " (" + (long) n * width + " bytes of values), "
                    + "but only " + body.length + " bytes follow");
        }
        if (in.read() != -1) {
            long extra = 1 + in.transferTo(OutputStream.nullOutputStream());
            throw DataException.in(file, "has " + extra + " bytes after the "
                    + Arrays.toString(dims) + " values its header declares");
        }
        if (dims[0] == 0) {
            throw DataException.in(file, "holds no items (the header declares "
                    + Arrays.toString(dims) + ")");
        }
        float[] values = decode(body, type, n);
        if (type == 0x0D || type == 0x0E) {
            int per = n / dims[0];
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(values[i])) {
                    String what = Float.isNaN(values[i]) ? "NaN" : type == 0x0E
                            ? "infinite in float precision (beyond about 3.4e38)" : "infinite";
                    throw DataException.in(file, "value " + (i % per + 1) + " of item "
                            + (i / per + 1) + " is " + what + "; a model cannot learn from it");
                }
            }
        }
        return new IdxArray(dims, values);
    }

    private static float[] decode(byte[] body, int type, int n) {
        float[] out = new float[n];
        ByteBuffer buf = ByteBuffer.wrap(body);
        switch (type) {
            case 0x08 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = body[i] & 0xff;
                }
            }
            case 0x09 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = body[i];
                }
            }
            case 0x0B -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buf.getShort();
                }
            }
            case 0x0C -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buf.getInt();
                }
            }
            case 0x0D -> buf.asFloatBuffer().get(out);
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) buf.getDouble();
                }
            }
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return sb.length() == 0 ? "nothing" : sb.toString();
    }
}
