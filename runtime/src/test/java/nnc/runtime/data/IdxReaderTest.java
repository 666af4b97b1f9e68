package nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import nnc.runtime.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given dimensions and values 0, 1, 2, ... */
    static byte[] ubytes(int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x08, (byte) dims.length});
        int n = 1;
        for (int d : dims) {
            out.writeInt(d);
            n *= d;
        }
        for (int i = 0; i < n; i++) {
            out.writeByte(i % 256);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x08, 1});
        out.writeInt(values.length);
        for (int v : values) {
            out.writeByte(v);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsPlainImagesAndLabels() throws IOException {
        Dataset d = IdxReader.read(file("images", ubytes(4, 2, 3)),
                file("labels", labels(3, 1, 4, 1)));
        assertEquals(4, d.size());
        assertArrayEquals(new int[] {2, 3}, d.shape());
        assertEquals(6, d.featureCount());
        assertEquals(23f, d.features()[23]);
        assertArrayEquals(new float[] {3, 1, 4, 1}, d.targets());
        assertEquals(1, d.targetSize());
    }

    @Test
    void recognisesGzipByMagicNotByName() throws IOException {
        Path images = file("images.idx", gzip(ubytes(4, 2, 3)));
        Path labels = file("labels.gz", labels(3, 1, 4, 1)); // plain despite the name
        Dataset d = IdxReader.read(images, labels);
        assertEquals(4, d.size());
        assertEquals(23f, d.features()[23]);
        assertArrayEquals(new float[] {3, 1, 4, 1}, d.targets());
    }

    @Test
    void readsBytesAbove127AsUnsigned() throws IOException {
        Dataset d = IdxReader.readFeatures(file("images", ubytes(1, 16, 16)));
        assertEquals(255f, d.features()[255]);
    }

    @Test
    void readsFloats() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x0D, 2});
        out.writeInt(2);
        out.writeInt(2);
        for (float v : new float[] {0.5f, -1.25f, 3e-5f, 7f}) {
            out.writeFloat(v);
        }
        IdxReader.IdxArray a = IdxReader.readArray(file("floats", gzip(bytes.toByteArray())));
        assertArrayEquals(new int[] {2, 2}, a.dims());
        assertArrayEquals(new float[] {0.5f, -1.25f, 3e-5f, 7f}, a.values());
    }

    @Test
    void refusesValuesAModelCannotLearnFrom() throws IOException {
        float[][] cases = {{1f, Float.NaN, 2f, 3f}, {1f, 2f, 3f, Float.POSITIVE_INFINITY}};
        String[] said = {"value 2 of item 1 is NaN", "value 2 of item 2 is infinite"};
        for (int c = 0; c < cases.length; c++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(new byte[] {0, 0, 0x0D, 2});
            out.writeInt(2);
            out.writeInt(2);
            for (float v : cases[c]) {
                out.writeFloat(v);
            }
            Path p = file("floats" + c, bytes.toByteArray());
            DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(p));
            assertTrue(e.getMessage().startsWith(p + ": " + said[c]), e.getMessage());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x0E, 1});
        out.writeInt(1);
        out.writeDouble(1e300);
        Path big = file("doubles", bytes.toByteArray());
        DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(big));
        assertTrue(e.getMessage().contains("infinite in float precision"), e.getMessage());
        Path none = file("none", ubytes(0, 28, 28));
        e = assertThrows(DataException.class, () -> IdxReader.readArray(none));
        assertTrue(e.getMessage().endsWith("holds no items (the header declares [0, 28, 28])"),
                e.getMessage());
    }

    @Test
    void refusesWrongMagic() throws IOException {
        byte[] bad = ubytes(2, 2);
        bad[0] = 0x12;
        bad[1] = 0x34;
        Path p = file("bad", bad);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(p));
        assertEquals(p + ": is not an IDX file: it does not start with the magic bytes 00 00 "
                + "(found 12 34 08 02)", e.getMessage());
    }

    @Test
    void refusesUnknownType() throws IOException {
        byte[] bad = ubytes(2, 2);
        bad[2] = 0x07;
        Path p = file("bad", bad);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(p));
        assertTrue(e.getMessage().contains("unknown IDX value type 0x07"), e.getMessage());
    }

    @Test
    void refusesTruncatedPlainFile() throws IOException {
        byte[] full = ubytes(10, 4, 4);
        Path p = file("cut", Arrays.copyOf(full, full.length - 7));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(p));
        assertEquals(p + ": is truncated: the header declares [10, 4, 4] (160 bytes of values), "
                + "but only 153 bytes follow", e.getMessage());
    }

    @Test
    void refusesTruncatedGzipFile() throws IOException {
        byte[] full = gzip(ubytes(10, 4, 4));
        Path p = file("cut.gz", Arrays.copyOf(full, full.length - 12));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(p));
        assertTrue(e.getMessage().startsWith(p + ": is truncated"), e.getMessage());
    }

    @Test
    void refusesFileEndingInsideHeader() throws IOException {
        Path p = file("cut", Arrays.copyOf(ubytes(10, 4, 4), 9));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(p));
        assertTrue(e.getMessage().contains("ends inside it"), e.getMessage());
    }

    @Test
    void refusesTrailingBytes() throws IOException {
        byte[] full = ubytes(2, 2);
        Path p = file("long", Arrays.copyOf(full, full.length + 3));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(p));
        assertEquals(p + ": has 3 bytes after the [2, 2] values its header declares",
                e.getMessage());
    }

    @Test
    void refusesCountMismatch() throws IOException {
        Path images = file("images", ubytes(5, 2, 2));
        Path labels = file("labels", labels(1, 2, 3, 4));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertEquals(labels + ": holds 4 labels, but " + images + " holds 5 images",
                e.getMessage());
    }

    @Test
    void refusesLabelsWithTwoDimensions() throws IOException {
        Path images = file("images", ubytes(4, 2));
        Path labels = file("labels", ubytes(4, 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().contains("a labels file has 1 dimension"), e.getMessage());
    }

    @Test
    void refusesMissingFile() {
        Path p = dir.resolve("nowhere");
        DataException e = assertThrows(DataException.class, () -> IdxReader.readArray(p));
        assertEquals(p + ": no such file", e.getMessage());
    }

    @Test
    void reportsClassOutOfRangeWithItsSample() throws IOException {
        Path labels = file("labels", labels(0, 9, 12, 3));
        Dataset d = IdxReader.read(file("images", ubytes(4, 3)), labels);
        DataException e = assertThrows(DataException.class,
                () -> d.forModel(TargetKind.CLASS_INDEX, 10));
        assertEquals(labels + ": sample 3: class 12 is out of range: the model has 10 classes "
                + "(0 to 9)", e.getMessage());
    }
}
