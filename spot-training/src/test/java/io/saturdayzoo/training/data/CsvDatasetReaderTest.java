package io.saturdayzoo.training.data;

import io.saturdayzoo.training.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvDatasetReaderTest {
    @TempDir
    Path dir;

    private static float parse(String s) {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
        return NumberParsing.parseFloat(b, 0, b.limit());
    }

    @Test
    void byteParserIsBitIdenticalToFloatParseFloat() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            double v = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-12, 12));
            String[] forms = {String.format(Locale.ROOT, "%.6g", v), String.format(Locale.ROOT, "%.3f", v),
                    String.format(Locale.ROOT, "%.9e", v), Double.toString(v), Float.toString((float) v),
                    Long.toString((long) v)};
            for (String s : forms) {
                assertThat(Float.floatToIntBits(parse(s))).as(s).isEqualTo(Float.floatToIntBits(Float.parseFloat(s)));
            }
        }
        assertThat(parse("")).isNaN();
        assertThat(parse("NaN")).isNaN();
        assertThat(parse("nan")).isNaN();
        assertThat(Float.floatToIntBits(parse("-0.0"))).isEqualTo(Float.floatToIntBits(-0f));
        assertThatThrownBy(() -> parse("12abc")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void readsTheGeneratedDatasetInTimeOrderWithExactValues() throws Exception {
        Dataset d = TestData.dataset();
        assertThat(d.rowCount()).isEqualTo(TestData.ROWS);
        assertThat(d.featureNames()).hasSize(28).startsWith("f0", "f1").endsWith("f27");
        String[] second = Files.readAllLines(TestData.csv()).get(2).split(",");
        assertThat(d.time(1)).isEqualTo(Long.parseLong(second[0]));
        assertThat(d.label(1)).isEqualTo(Float.parseFloat(second[1]));
        for (int f = 0; f < 28; f++) {
            assertThat(d.value(1, f)).isEqualTo(Float.parseFloat(second[f + 2]));
        }
        for (int i = 1; i < d.rowCount(); i++) {
            assertThat(d.time(i)).isGreaterThanOrEqualTo(d.time(i - 1));
        }
        double positives = 0;
        for (int i = 0; i < d.rowCount(); i++) {
            positives += d.label(i);
        }
        assertThat(positives / d.rowCount()).as("realistic class balance").isBetween(0.3, 0.8);
    }

    @Test
    void generatorIsDeterministic() throws Exception {
        Path a = SyntheticDatasets.writeCsv(dir.resolve("a.csv"), SyntheticDatasets.Spec.of(2_000, 9));
        Path b = SyntheticDatasets.writeCsv(dir.resolve("b.csv"), SyntheticDatasets.Spec.of(2_000, 9));
        Path c = SyntheticDatasets.writeCsv(dir.resolve("c.csv"), SyntheticDatasets.Spec.of(2_000, 10));
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
    }

    @Test
    void readsHeaderlessTabSeparatedFilesByColumnPosition() throws Exception {
        Path f = Files.writeString(dir.resolve("x.train"), "1\t0.5\t-1.25\n0\t1e-3\t\n\n1\t2\tNaN\n");
        Dataset d = CsvDatasetReader.read(List.of(f), "x", new ColumnRoles(null, "0", false), 2);
        assertThat(d.rowCount()).isEqualTo(3);
        assertThat(d.featureNames()).containsExactly("1", "2");
        assertThat(d.value(0, 1)).isEqualTo(-1.25f);
        assertThat(d.value(1, 1)).isNaN();
        assertThat(d.time(2)).isEqualTo(2);
    }

    @Test
    void sortsUnorderedRowsByTimeKeepingFileOrderForTies() throws Exception {
        Path f = Files.writeString(dir.resolve("u.csv"),
                "ts,label,a\n2024-01-03,1,3\n2024-01-01T00:00:00Z,0,1\n2024-01-03,0,4\n2024-01-02 12:00:00,1,2\n");
        Dataset d = CsvDatasetReader.read(f, ColumnRoles.of("ts", "label"), 1);
        assertThat(new float[]{d.value(0, 0), d.value(1, 0), d.value(2, 0), d.value(3, 0)})
                .containsExactly(1f, 2f, 3f, 4f);
        assertThat(d.time(0)).isEqualTo(1_704_067_200L);
    }

    @Test
    void inPlaceTimeSortKeepsEveryRowWhole() throws Exception {
        StringBuilder csv = new StringBuilder("ts,label,a,b\n");
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            int t = rng.nextInt(5_000); // many ties, arbitrary order
            csv.append(t).append(',').append(t % 2).append(',').append(t).append(',').append(-t).append('\n');
        }
        Dataset d = CsvDatasetReader.read(Files.writeString(dir.resolve("shuffled.csv"), csv), ColumnRoles.of("ts", "label"), 2);
        for (int i = 0; i < d.rowCount(); i++) {
            assertThat(d.value(i, 0)).isEqualTo((float) d.time(i));
            assertThat(d.value(i, 1)).isEqualTo((float) -d.time(i));
            assertThat(d.label(i)).isEqualTo((float) (d.time(i) % 2));
            if (i > 0) {
                assertThat(d.time(i)).isGreaterThanOrEqualTo(d.time(i - 1));
            }
        }
    }

    @Test
    void readsEveryPartOfAFolderAsOneTable() throws Exception {
        Files.createDirectories(dir.resolve("parts"));
        Files.writeString(dir.resolve("parts/p0.csv"), "ts,label,a\n1,0,1\n2,1,2\n");
        Files.writeString(dir.resolve("parts/p1.csv"), "ts,label,a\n3,1,3\n");
        Files.writeString(dir.resolve("parts/README.md"), "not data");
        Dataset d = new DatasetLoader(null, 2).load(dir.resolve("parts").toString(), ColumnRoles.of("ts", "label"));
        assertThat(d.rowCount()).isEqualTo(3);
        assertThat(d.value(2, 0)).isEqualTo(3f);
    }

    @Test
    void badValuesAreNamedByColumnAndRow() throws Exception {
        Path f = Files.writeString(dir.resolve("b.csv"), "ts,label,a\n1,0,1\n2,1,oops\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, ColumnRoles.of("ts", "label"), 1))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset '" + f + "': column 'a' at data row 2: value 'oops' is not a number (a missing value is "
                        + "an empty cell or NaN)");
        Path label = Files.writeString(dir.resolve("l.csv"), "ts,label,a\n1,2,1\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(label, ColumnRoles.of("ts", "label"), 1))
                .hasMessageContaining("column 'label' at data row 1: value '2' is not a binary label");
        Path ragged = Files.writeString(dir.resolve("r.csv"), "ts,label,a\n1,1,1\n2,0\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(ragged, ColumnRoles.of("ts", "label"), 1))
                .hasMessageContaining("data row 2 has 2 fields, expected 3");
        Path carriageReturn = Files.writeString(dir.resolve("cr.csv"), "ts,label,a\r\n1,1,1\r\n2,0,2\r3,1,3\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(carriageReturn, ColumnRoles.of("ts", "label"), 1))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset '" + carriageReturn + "': data row 2 ends in a carriage return without a line "
                        + "feed (rows end in \\n or \\r\\n)");
        Path time = Files.writeString(dir.resolve("t.csv"), "ts,label,a\nyesterday,1,1\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(time, ColumnRoles.of("ts", "label"), 1))
                .hasMessageContaining("column 'ts' at data row 1: value 'yesterday' is not epoch seconds nor an ISO-8601");
    }

    @Test
    void onlyFiniteNumbersAreValuesAndOnlyAnEmptyCellOrNaNIsMissing() {
        String notFinite = "is not a finite number";
        String overflows = "overflows a float";
        String notANumber = "is not a number (a missing value is an empty cell or NaN)";
        java.util.Map<String, String> rejected = new java.util.LinkedHashMap<>();
        for (String v : List.of("Infinity", "-Infinity", "+Infinity", "infinity", "INFINITY", "-infinity")) {
            rejected.put(v, notFinite);
        }
        // past the fast path's exact range: a large exponent, many digits, a long exponent, a 3-million-digit number
        for (String v : List.of("1e39", "-1e39", "3.5e38", "1e0000039", "123456789012345e30", "1e999999999",
                "-0.0000000001e49", "9".repeat(3_000_000))) {
            rejected.put(v, overflows);
        }
        for (String v : List.of("inf", "-inf", "INF", "+inf", "NA", "null", "none", "0x1p3", "0x1p200", "1.5f",
                "2d", "1e", "--1", "+", ".", "1..2", "1e+-3")) {
            rejected.put(v, notANumber);
        }
        rejected.forEach((value, problem) -> assertThatThrownBy(() -> parse(value)).as(abbreviate(value))
                .isInstanceOf(NumberFormatException.class).hasMessage(problem));

        assertThat(parse("NaN")).isNaN();
        assertThat(parse("nan")).isNaN();
        assertThat(parse("   ")).isNaN();
        assertThat(parse("3.4028235e38")).isEqualTo(Float.MAX_VALUE);
        assertThat(parse("-3.4028235e38")).isEqualTo(-Float.MAX_VALUE);
        assertThat(parse("1e-39")).isEqualTo(1e-39f).isGreaterThan(0f); // subnormal: fine
        assertThat(parse("1.4e-45")).isEqualTo(Float.MIN_VALUE);
        assertThat(Float.floatToIntBits(parse("1e-50"))).isEqualTo(Float.floatToIntBits(0f)); // underflows to 0: fine
        assertThat(Float.floatToIntBits(parse("-1e-50"))).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(parse("0." + "0".repeat(100) + "1")).isEqualTo(0f);
        assertThat(parse(" 2.5 ")).isEqualTo(2.5f);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "... (" + s.length() + " characters)" : s;
    }

    @Test
    void nonFiniteValuesAreNamedByFileColumnAndRowOnEveryThread() throws Exception {
        Files.createDirectories(dir.resolve("parts"));
        StringBuilder big = new StringBuilder("ts,label,a,b\n");
        for (int i = 0; i < 200_000; i++) { // several chunks, so several threads parse this file
            big.append(i).append(',').append(i % 2).append(",0.123456789012,").append(i).append('\n');
        }
        Files.writeString(dir.resolve("parts/p0.csv"), big);
        Files.writeString(dir.resolve("parts/p1.csv"), "ts,label,a,b\n200000,1,1,2\n200001,0,2,-Infinity\n");
        assertThatThrownBy(() -> new DatasetLoader(null, 4).load(dir.resolve("parts").toString(),
                ColumnRoles.of("ts", "label")))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset '" + dir.resolve("parts") + "': file 'p1.csv': column 'b' at data row 2: value "
                        + "'-Infinity' is not a finite number");

        Path huge = Files.writeString(dir.resolve("huge.csv"), "ts,label,a\n1,0,1\n2,1," + "7".repeat(3_000_000)
                + "\n3,0,2\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(huge, ColumnRoles.of("ts", "label"), 2))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("dataset '" + huge + "': column 'a' at data row 2: value '7777")
                .hasMessageEndingWith("(3000000 characters)' overflows a float")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));

        Path label = Files.writeString(dir.resolve("inf-label.csv"), "ts,label,a\n1,0,1\n2,Infinity,1\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(label, ColumnRoles.of("ts", "label"), 1))
                .hasMessageContaining("column 'label' at data row 2: value 'Infinity' is not a finite number");
    }

    @Test
    void missingEmptyAndColumnlessDatasetsAreBadInput() throws Exception {
        assertThatThrownBy(() -> new DatasetLoader(null, 1).load(dir.resolve("none.csv").toString(),
                ColumnRoles.of("ts", "label"))).isInstanceOf(DatasetException.class).hasMessageContaining("not found");
        Path header = Files.writeString(dir.resolve("h.csv"), "ts,label,a\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(header, ColumnRoles.of("ts", "label"), 1))
                .hasMessageContaining("is empty: no data rows");
        Path empty = Files.writeString(dir.resolve("e.csv"), "");
        assertThatThrownBy(() -> CsvDatasetReader.read(empty, ColumnRoles.of("ts", "label"), 1))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> CsvDatasetReader.read(TestData.csv(), ColumnRoles.of("ts", "churned"), 1))
                .hasMessageContaining("target_column 'churned' is not a column (columns: ts, label, f0");
        assertThatThrownBy(() -> CsvDatasetReader.read(TestData.csv(), ColumnRoles.of("event_time", "label"), 1))
                .hasMessageContaining("time_column 'event_time' is not a column");
    }
}
