package nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nnc.runtime.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("x.csv"), text);
    }

    private static CsvReader.Options label(String label) {
        return new CsvReader.Options(true, label, ',');
    }

    @Test
    void readsLabelByName() throws IOException {
        Dataset d = CsvReader.read(csv("a,b,price\n1,2,3\n4,5.5,-6e-1\n"), label("price"));
        assertEquals(2, d.size());
        assertArrayEquals(new int[] {2}, d.shape());
        assertArrayEquals(new float[] {1, 2, 4, 5.5f}, d.features());
        assertArrayEquals(new float[] {3, -0.6f}, d.targets());
    }

    @Test
    void readsLabelByIndexAndKeepsFeatureOrder() throws IOException {
        Dataset d = CsvReader.read(csv("y,a,b\n0,1,2\n1,3,4\n"), label("0"));
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
        assertArrayEquals(new float[] {0, 1}, d.targets());
    }

    @Test
    void defaultsToLastColumnAndReadsWithoutHeader() throws IOException {
        Dataset d = CsvReader.read(csv("1,2,0\n3,4,1\n"), new CsvReader.Options(false, null, ','));
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
        assertArrayEquals(new float[] {0, 1}, d.targets());
    }

    @Test
    void readsSeveralLabelColumns() throws IOException {
        Dataset d = CsvReader.read(csv("a,y1,b,y2\n1,2,3,4\n"), label("y1, y2"));
        assertEquals(2, d.targetSize());
        assertArrayEquals(new float[] {1, 3}, d.features());
        assertArrayEquals(new float[] {2, 4}, d.targets());
    }

    @Test
    void readsWithoutLabelForPrediction() throws IOException {
        Dataset d = CsvReader.read(csv("a,b\n1,2\n"), CsvReader.Options.DEFAULT.withoutLabel());
        assertArrayEquals(new float[] {1, 2}, d.features());
        assertNull(d.targets());
    }

    @Test
    void handlesQuotesBomCrlfTabsAndTrailingBlankLines() throws IOException {
        Dataset d = CsvReader.read(csv("\uFEFF\"a\"\t\"b\"\r\n\" 1 \"\t2\r\n3\t4\r\n\r\n\n"),
                CsvReader.Options.from(Map.of("delimiter", "tab", "label", "b")));
        assertArrayEquals(new float[] {1, 3}, d.features());
        assertArrayEquals(new float[] {2, 4}, d.targets());
    }

    @Test
    void refusesNonNumericCellNamingLineAndColumn() throws IOException {
        Path p = csv("id,age,y\n1,30,0\n2,31,1\n3,abc,0\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(p, label("y")));
        assertEquals(p + ":4:2: column `age` holds `abc`, which is not a number", e.getMessage());
    }

    @Test
    void refusesNonNumericCellWithoutHeaderByNumber() throws IOException {
        Path p = csv("1,2,3\n4,5,NaN\n");
        DataException e = assertThrows(DataException.class,
                () -> CsvReader.read(p, new CsvReader.Options(false, "0", ',')));
        assertEquals(p + ":2:3: column 3 holds `NaN`, which is not a number", e.getMessage());
    }

    @Test
    void refusesEmptyCell() throws IOException {
        Path p = csv("a,b\n1,\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(p, label("a")));
        assertEquals(p + ":2:2: column `b` is empty; every cell must hold a number",
                e.getMessage());
    }

    @Test
    void refusesRaggedRow() throws IOException {
        Path p = csv("a,b,c\n1,2,3\n4,5\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(p, label("c")));
        assertEquals(p + ":3: the row has 2 columns, but the header has 3", e.getMessage());
    }

    @Test
    void refusesBlankLineInTheMiddle() throws IOException {
        Path p = csv("a,b\n1,2\n\n3,4\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(p, label("b")));
        assertTrue(e.getMessage().startsWith(p + ":3: the line is empty"), e.getMessage());
    }

    @Test
    void refusesUnknownLabelName() throws IOException {
        Path p = csv("a,b\n1,2\n");
        DataException e = assertThrows(DataException.class,
                () -> CsvReader.read(p, label("price")));
        assertEquals(p + ": no column is named `price`; the columns are `a`, `b`",
                e.getMessage());
    }

    @Test
    void refusesLabelIndexOutOfRange() throws IOException {
        Path p = csv("a,b\n1,2\n");
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(p, label("2")));
        assertEquals(p + ": the label column 2 does not exist: the file has 2 columns (0 to 1)",
                e.getMessage());
    }

    @Test
    void refusesEmptyFileAndHeaderOnly() throws IOException {
        Path empty = csv("\n");
        assertEquals(empty + ": is empty", assertThrows(DataException.class,
                () -> CsvReader.read(empty, label("a"))).getMessage());
        Path header = csv("a,b\n");
        assertEquals(header + ": has a header line but no rows", assertThrows(
                DataException.class, () -> CsvReader.read(header, label("a"))).getMessage());
    }

    @Test
    void refusesUnknownOption() {
        DataException e = assertThrows(DataException.class,
                () -> CsvReader.Options.from(Map.of("lable", "y")));
        assertTrue(e.getMessage().contains("unknown csv option `lable`"), e.getMessage());
    }

    @Test
    void reportsClassOutOfRangeWithItsLine() throws IOException {
        Path p = csv("a,y\n1,0\n2,1\n3,3\n");
        Dataset d = CsvReader.read(p, label("y"));
        DataException e = assertThrows(DataException.class,
                () -> d.forModel(TargetKind.CLASS_INDEX, 3));
        assertEquals(p + ":4: class 3 is out of range: the model has 3 classes (0 to 2)",
                e.getMessage());
        Path q = csv("a,y\n1,0.5\n");
        Dataset f = CsvReader.read(q, label("y"));
        assertEquals(q + ":2: label 0.5 is not a class index (a whole number from 0)",
                assertThrows(DataException.class, () -> f.forModel(TargetKind.ONE_HOT, 3))
                        .getMessage());
    }
}
