package io.saturdayzoo.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The header line of delimited text: names are unique, visible UTF-8 text; the line is read whole or refused. */
class CsvHeaderTest {
    private static final ColumnRoles ROLES = ColumnRoles.of("ts", "label");

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String name, String text) throws Exception {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aRepeatedColumnNameIsRefusedNamingBothPositions() throws Exception {
        StringBuilder header = new StringBuilder("ts,label");
        for (int i = 0; i < 27; i++) {
            header.append(",f").append(i);
        }
        Path f = write("data.csv", header + ",label\n1,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, ROLES, 1))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset '" + f + "': column 'label' appears twice (positions 2 and 30)");

        Path thrice = write("thrice.csv", "ts,a, a ,label,\"a\"\n1,1,1,0,1\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(thrice, ROLES, 1))
                .hasMessage("dataset '" + thrice + "': column 'a' appears 3 times (positions 2, 3 and 5)");

        Files.createDirectories(dir.resolve("parts"));
        write("parts/p0.csv", "ts,label,a,b\n1,0,1,2\n");
        write("parts/p1.csv", "ts,label,a,a\n2,1,1,2\n");
        assertThatThrownBy(() -> new DatasetLoader(null, 1).load(dir.resolve("parts").toString(), ROLES))
                .hasMessage("dataset '" + dir.resolve("parts") + "': file 'p1.csv': column 'a' appears twice "
                        + "(positions 3 and 4)");
    }

    @Test
    void aLeadingUtf8ByteOrderMarkIsNotPartOfTheFirstName() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path f = write("excel.csv", concat(bom, "ts,label,a\n1,0,1.5\n2,1,2.5\n".getBytes(StandardCharsets.UTF_8)));
        Dataset d = CsvDatasetReader.read(f, ROLES, 1);
        assertThat(d.featureNames()).containsExactly("a");
        assertThat(d.time(1)).isEqualTo(2);

        Path headerless = write("x.train", concat(bom, "1\t0.5\n0\t2\n".getBytes(StandardCharsets.UTF_8)));
        Dataset h = CsvDatasetReader.read(List.of(headerless), "x", new ColumnRoles(null, "0", false), 1);
        assertThat(h.label(0)).isEqualTo(1f);
        assertThat(h.value(0, 0)).isEqualTo(0.5f);

        Path twice = write("twice.csv", concat(bom, bom, "ts,label,a\n1,0,1\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> CsvDatasetReader.read(twice, ROLES, 1))
                .hasMessage("dataset '" + twice + "': column name at position 1 ('\\uFEFFts') contains U+FEFF "
                        + "(ZERO WIDTH NO-BREAK SPACE): column names must be visible text");
    }

    @Test
    void otherByteOrderMarksInvisibleOrControlCharactersAndInvalidUtf8InANameAreRefusedByPosition()
            throws Exception {
        Path utf16 = write("utf16.csv", concat(new byte[]{(byte) 0xFF, (byte) 0xFE},
                "ts,label,a\n".getBytes(StandardCharsets.UTF_16LE)));
        assertThatThrownBy(() -> CsvDatasetReader.read(utf16, ROLES, 1))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset '" + utf16 + "': starts with a UTF-16 or UTF-32 byte order mark: text files "
                        + "must be UTF-8");
        Path utf16be = write("utf16be.csv", concat(new byte[]{(byte) 0xFE, (byte) 0xFF},
                "ts,label,a\n".getBytes(StandardCharsets.UTF_16BE)));
        assertThatThrownBy(() -> CsvDatasetReader.read(utf16be, ROLES, 1))
                .hasMessageContaining("starts with a UTF-16 or UTF-32 byte order mark");

        String[][] cases = {
                {"ts,label,f\u200B1\n", "column name at position 3 ('f\\u200B1') contains U+200B (ZERO WIDTH SPACE)"},
                {"ts,label,f\u00071\n", "column name at position 3 ('f\\u00071') contains U+0007 (BEL)"},
                {"ts,label,a\rb\n", "column name at position 3 ('a\\u000Db') contains U+000D (CARRIAGE RETURN (CR))"},
                {"ts,label,\u0001a\n", "column name at position 3 ('\\u0001a') contains U+0001 (START OF HEADING)"},
                {"ts,label,a\u202Eb\n", "column name at position 3 ('a\\u202Eb') contains U+202E (RIGHT-TO-LEFT OVERRIDE)"},
                {"ts,label,a\u00ADb\n", "column name at position 3 ('a\\u00ADb') contains U+00AD (SOFT HYPHEN)"},
                {"ts\u2028x,label,a\n", "column name at position 1 ('ts\\u2028x') contains U+2028 (LINE SEPARATOR)"},
                {"ts,label,a\u007F\n", "column name at position 3 ('a\\u007F') contains U+007F (DELETE)"},
                {"ts,label,a\uFFFD\n", "column name at position 3 ('a\\uFFFD') contains U+FFFD (REPLACEMENT CHARACTER)"},
        };
        for (String[] c : cases) {
            Path f = write("bad.csv", c[0] + "1,0,1\n");
            assertThatThrownBy(() -> CsvDatasetReader.read(f, ROLES, 1)).as(c[1])
                    .isInstanceOf(DatasetException.class)
                    .hasMessage("dataset '" + f + "': " + c[1] + ": column names must be visible text");
        }

        Path latin1 = write("latin1.csv", concat("ts,label,temp".getBytes(StandardCharsets.UTF_8),
                new byte[]{(byte) 0xE9}, "rature\n1,0,1\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> CsvDatasetReader.read(latin1, ROLES, 1))
                .hasMessage("dataset '" + latin1 + "': column name at position 3 ('temp\\uFFFDrature') is not valid "
                        + "UTF-8: text files must be UTF-8");

        Path fine = write("fine.csv", "ts,label,température,日本,a b\n1,0,1,2,3\n2,1,1,2,3\n");
        assertThat(CsvDatasetReader.read(fine, ROLES, 1).featureNames()).containsExactly("température", "日本", "a b");
    }

    @Test
    void aHeaderLongerThanOneMebibyteIsReadWhole() throws Exception {
        int columns = 200_000; // about 1.6 MB of header
        StringBuilder text = new StringBuilder("ts,label");
        StringBuilder row = new StringBuilder("7,1");
        for (int i = 0; i < columns; i++) {
            text.append(",c").append(100_000 + i);
            row.append(',').append(i % 10);
        }
        assertThat(text.length()).isGreaterThan(3 << 19);
        Path f = write("wide.csv", text + "\n" + row + "\n" + row.toString().replaceFirst("^7,1", "8,0") + "\n");
        Dataset d = CsvDatasetReader.read(f, ROLES, 2);
        assertThat(d.rowCount()).isEqualTo(2);
        assertThat(d.featureCount()).isEqualTo(columns);
        assertThat(d.featureNames().get(columns - 1)).isEqualTo("c299999");
        assertThat(d.value(0, columns - 1)).isEqualTo(9f);
        assertThat(d.label(1)).isEqualTo(0f);
    }

    @Test
    void aHeaderPastTheLimitIsRefusedNamingTheLimit() throws Exception {
        byte[] longName = new byte[CsvHeader.MAX_HEADER_BYTES + 10];
        java.util.Arrays.fill(longName, (byte) 'x');
        Path f = write("endless.csv", concat("ts,label,".getBytes(StandardCharsets.UTF_8), longName,
                "\n1,0,1\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> CsvDatasetReader.read(f, ROLES, 1))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset '" + f + "': the first line is longer than 16 MiB (16777216 bytes), the limit "
                        + "for a header line");
    }
}
