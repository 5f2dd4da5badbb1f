package io.saturdayzoo.training.data;

import blue.strategic.parquet.ParquetWriter;
import io.saturdayzoo.training.TestData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetDatasetReaderTest {
    @TempDir
    Path dir;

    /** Writes the first rows of the CSV fixture as Parquet: timestamp(millis) time, int label, float features. */
    private Path writeParquet(int rows) throws Exception {
        Dataset csv = TestData.dataset();
        Types.MessageTypeBuilder schema = Types.buildMessage();
        schema.required(PrimitiveType.PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named("ts");
        schema.required(PrimitiveType.PrimitiveTypeName.INT32).named("label");
        for (String f : csv.featureNames()) {
            schema.optional(PrimitiveType.PrimitiveTypeName.FLOAT).named(f);
        }
        MessageType type = schema.named("row");
        Path file = dir.resolve("part-0.parquet");
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(type, file.toFile(), (row, out) -> {
            out.write("ts", csv.time(row) * 1000);
            out.write("label", (int) csv.label(row));
            for (int f = 0; f < csv.featureCount(); f++) {
                if (!(row == 3 && f == 5)) { // one missing value
                    out.write(csv.featureNames().get(f), csv.value(row, f));
                }
            }
        })) {
            for (int r = 0; r < rows; r++) {
                w.write(r);
            }
        }
        return file;
    }

    @Test
    void readsTheSameTableAsTheCsv() throws Exception {
        Path file = writeParquet(5_000);
        Dataset p = new DatasetLoader(null, 2).load(file.toString(), ColumnRoles.of("ts", "label"));
        Dataset csv = TestData.dataset();
        assertThat(p.rowCount()).isEqualTo(5_000);
        assertThat(p.featureNames()).isEqualTo(csv.featureNames());
        for (int r = 0; r < 5_000; r += 97) {
            assertThat(p.time(r)).isEqualTo(csv.time(r));
            assertThat(p.label(r)).isEqualTo(csv.label(r));
            for (int f = 0; f < 28; f++) {
                if (!(r == 3 && f == 5)) {
                    assertThat(p.value(r, f)).isEqualTo(csv.value(r, f));
                }
            }
        }
        assertThat(p.value(3, 5)).isNaN();
    }

    @Test
    void namesAnAbsentLabelColumn() throws Exception {
        Path file = writeParquet(10);
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(file), "p", ColumnRoles.of("ts", "y")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("target_column 'y' is not a column");
    }

    /** A small table of other physical types: text times, boolean labels, double / int64 / optional int32 features. */
    private Path writeMixed(String name, int firstRow, int rows, java.util.function.IntFunction<Object> label,
                            java.util.function.IntFunction<Object> note) throws Exception {
        MessageType type = Types.buildMessage()
                .required(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("when")
                .optional(PrimitiveType.PrimitiveTypeName.BOOLEAN).named("churned")
                .required(PrimitiveType.PrimitiveTypeName.DOUBLE).named("spend")
                .required(PrimitiveType.PrimitiveTypeName.INT64).named("visits")
                .optional(PrimitiveType.PrimitiveTypeName.INT32).named("tickets")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("note")
                .named("row");
        Path file = dir.resolve(name);
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(type, file.toFile(), (r, out) -> {
            out.write("when", java.time.LocalDate.of(2026, 1, 1).plusDays(r).toString());
            if (label.apply(r) != null) {
                out.write("churned", label.apply(r));
            }
            out.write("spend", r * 1.5);
            out.write("visits", (long) r * 10);
            if (r % 3 != 0) {
                out.write("tickets", r);
            }
            if (note.apply(r) != null) {
                out.write("note", note.apply(r));
            }
        })) {
            for (int r = firstRow; r < firstRow + rows; r++) {
                w.write(r);
            }
        }
        return file;
    }

    private static final ColumnRoles MIXED = ColumnRoles.of("when", "churned");

    @Test
    void readsEveryPhysicalTypeAcrossFilesWithNullsAsMissing() throws Exception {
        Path a = writeMixed("part-0.parquet", 0, 4, r -> r % 2 == 0, r -> null);
        Path b = writeMixed("part-1.parquet", 4, 3, r -> r % 2 == 0, r -> null);
        Dataset d = ParquetDatasetReader.read(java.util.List.of(a, b), "mixed", MIXED);
        assertThat(d.rowCount()).isEqualTo(7);
        assertThat(d.featureNames()).containsExactly("spend", "visits", "tickets", "note");
        for (int r = 0; r < 7; r++) {
            assertThat(d.time(r)).isEqualTo(java.time.LocalDate.of(2026, 1, 1).plusDays(r)
                    .atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC));
            assertThat(d.label(r)).isEqualTo(r % 2 == 0 ? 1f : 0f);
            assertThat(d.value(r, 0)).isEqualTo(r * 1.5f);
            assertThat(d.value(r, 1)).isEqualTo(r * 10f);
            if (r % 3 == 0) {
                assertThat(d.value(r, 2)).isNaN();
            } else {
                assertThat(d.value(r, 2)).isEqualTo((float) r);
            }
            assertThat(d.value(r, 3)).isNaN();
        }
    }

    @Test
    void badValuesAreNamedByFileColumnAndRowInThatFile() throws Exception {
        Path good = writeMixed("part-0.parquet", 0, 4, r -> true, r -> null);
        Path missingLabel = writeMixed("part-1.parquet", 4, 3, r -> r == 5 ? null : Boolean.TRUE, r -> null);
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(good, missingLabel), "mixed", MIXED))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset 'mixed': file 'part-1.parquet': column 'churned' at data row 2 is missing");

        MessageType type = Types.buildMessage()
                .optional(PrimitiveType.PrimitiveTypeName.INT64).named("ts")
                .required(PrimitiveType.PrimitiveTypeName.INT32).named("y")
                .required(PrimitiveType.PrimitiveTypeName.FLOAT).named("x")
                .named("row");
        Path missingTime = dir.resolve("missing-time.parquet");
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(type, missingTime.toFile(), (r, out) -> {
            if (r != 1) {
                out.write("ts", 1_700_000_000L + r);
            }
            out.write("y", r % 2);
            out.write("x", (float) r);
        })) {
            for (int r = 0; r < 3; r++) {
                w.write(r);
            }
        }
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(missingTime), "t",
                ColumnRoles.of("ts", "y")))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset 't': file 'missing-time.parquet': column 'ts' at data row 2 is missing");

        Path text = writeMixed("part-2.parquet", 0, 3, r -> true, r -> r == 2 ? "vip" : null);
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(text), "mixed", MIXED))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset 'mixed': file 'part-2.parquet': column 'note' at data row 3: value 'vip' is not a "
                        + "number");
    }

    @Test
    void nonBinaryLabelsAndUnreadableTimesAreNamed() throws Exception {
        Path file = writeParquet(10);
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(file), "p",
                ColumnRoles.of("ts", csvFeature(0))))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("column '" + csvFeature(0) + "' at data row 1: value '")
                .hasMessageEndingWith("is not a binary label (expected 0 or 1)");

        MessageType type = Types.buildMessage()
                .required(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("when")
                .required(PrimitiveType.PrimitiveTypeName.INT32).named("y")
                .required(PrimitiveType.PrimitiveTypeName.FLOAT).named("x")
                .named("row");
        Path badTime = dir.resolve("bad-time.parquet");
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(type, badTime.toFile(), (r, out) -> {
            out.write("when", r == 1 ? "next tuesday" : "2026-01-0" + (r + 1));
            out.write("y", r % 2);
            out.write("x", (float) r);
        })) {
            for (int r = 0; r < 3; r++) {
                w.write(r);
            }
        }
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(badTime), "t", ColumnRoles.of("when", "y")))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset 't': file 'bad-time.parquet': column 'when' at data row 2: value 'next tuesday' "
                        + "is not epoch seconds nor an ISO-8601 time");
    }

    private static String csvFeature(int f) {
        return TestData.dataset().featureNames().get(f);
    }

    /** ts (int64), y (int32) and one feature x of the given type, one row per value. */
    private Path writeValues(String name, PrimitiveType.PrimitiveTypeName type, Object... values) throws Exception {
        MessageType schema = Types.buildMessage()
                .required(PrimitiveType.PrimitiveTypeName.INT64).named("ts")
                .required(PrimitiveType.PrimitiveTypeName.INT32).named("y")
                .optional(type).named("x")
                .named("row");
        Path file = dir.resolve(name);
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(schema, file.toFile(), (r, out) -> {
            out.write("ts", 1_700_000_000L + r);
            out.write("y", r % 2);
            out.write("x", values[r]);
        })) {
            for (int r = 0; r < values.length; r++) {
                w.write(r);
            }
        }
        return file;
    }

    private static final ColumnRoles XY = ColumnRoles.of("ts", "y");

    @Test
    void infiniteValuesAndDoublesThatOverflowAFloatAreRefusedByFileColumnAndRow() throws Exception {
        PrimitiveType.PrimitiveTypeName f32 = PrimitiveType.PrimitiveTypeName.FLOAT;
        PrimitiveType.PrimitiveTypeName f64 = PrimitiveType.PrimitiveTypeName.DOUBLE;
        Object[][] cases = {
                {f32, new Object[]{1f, Float.POSITIVE_INFINITY}, "value 'Infinity' is not a finite number"},
                {f32, new Object[]{1f, 2f, Float.NEGATIVE_INFINITY}, "value '-Infinity' is not a finite number"},
                {f64, new Object[]{1.0, Double.POSITIVE_INFINITY}, "value 'Infinity' is not a finite number"},
                {f64, new Object[]{1e39}, "value '1.0E39' overflows a float"},
                {f64, new Object[]{0.5, -1e39}, "value '-1.0E39' overflows a float"},
                {f64, new Object[]{Double.MAX_VALUE}, "value '1.7976931348623157E308' overflows a float"},
        };
        for (Object[] c : cases) {
            Object[] values = (Object[]) c[1];
            Path file = writeValues("inf.parquet", (PrimitiveType.PrimitiveTypeName) c[0], values);
            assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(file), "d", XY)).as((String) c[2])
                    .isInstanceOf(DatasetException.class)
                    .hasMessage("dataset 'd': file 'inf.parquet': column 'x' at data row " + values.length + ": "
                            + c[2]);
        }
        Path fine = writeValues("fine.parquet", f64, Double.NaN, 1e-50, -1e-40, 3.4028234e38, 1.0);
        Dataset d = ParquetDatasetReader.read(java.util.List.of(fine), "d", XY);
        assertThat(d.value(0, 0)).isNaN(); // NaN is a missing value, as in CSV
        assertThat(d.value(1, 0)).isEqualTo(0f);
        assertThat(d.value(2, 0)).isEqualTo((float) -1e-40).isLessThan(0f);
        assertThat(d.value(3, 0)).isEqualTo(Float.MAX_VALUE);
        Path nanFloat = writeValues("nan.parquet", f32, 1f, Float.NaN);
        assertThat(ParquetDatasetReader.read(java.util.List.of(nanFloat), "d", XY).value(1, 0)).isNaN();

        MessageType schema = Types.buildMessage()
                .required(PrimitiveType.PrimitiveTypeName.DOUBLE).named("ts")
                .required(PrimitiveType.PrimitiveTypeName.INT32).named("y")
                .required(PrimitiveType.PrimitiveTypeName.FLOAT).named("x")
                .named("row");
        Path infTime = dir.resolve("inf-time.parquet");
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(schema, infTime.toFile(), (r, out) -> {
            out.write("ts", r == 1 ? Double.POSITIVE_INFINITY : 1.7e9 + r);
            out.write("y", r % 2);
            out.write("x", 1f);
        })) {
            for (int r = 0; r < 3; r++) {
                w.write(r);
            }
        }
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(infTime), "d", XY))
                .hasMessage("dataset 'd': file 'inf-time.parquet': column 'ts' at data row 2: value 'Infinity' is "
                        + "not a finite number");
    }

    /** Replaces every occurrence of {@code from} in the file's bytes (names live only in the footer) by {@code to}. */
    private static void patch(Path file, byte[] from, byte[] to) throws Exception {
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        int hits = 0;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
                hits++;
            }
        }
        assertThat(hits).as("occurrences of the patched name").isPositive();
        java.nio.file.Files.write(file, bytes);
    }

    private Path writeNamed(String name, String label, String... features) throws Exception {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveType.PrimitiveTypeName.INT64).named("ts");
        b.required(PrimitiveType.PrimitiveTypeName.INT32).named(label);
        for (String f : features) {
            b.required(PrimitiveType.PrimitiveTypeName.FLOAT).named(f);
        }
        Path file = dir.resolve(name);
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(b.named("row"), file.toFile(), (r, out) -> {
            out.write("ts", 1_700_000_000L + r);
            out.write(label, r % 2);
            for (String f : features) {
                out.write(f, (float) r);
            }
        })) {
            for (int r = 0; r < 4; r++) {
                w.write(r);
            }
        }
        return file;
    }

    @Test
    void repeatedOrInvisibleColumnNamesAreRefusedByPosition() throws Exception {
        Path dup = writeNamed("dup.parquet", "label", "a", "LABEL");
        // two columns named label: the target, and a copy of it that would train as a feature
        patch(dup, "LABEL".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "label".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(dup), "d", ColumnRoles.of("ts", "label")))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset 'd': file 'dup.parquet': column 'label' appears twice (positions 2 and 4)");

        Path zw = writeNamed("zw.parquet", "y", "a\u200Bb");
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(zw), "d", XY))
                .hasMessage("dataset 'd': file 'zw.parquet': column name at position 3 ('a\\u200Bb') contains U+200B "
                        + "(ZERO WIDTH SPACE): column names must be visible text");
        Path bom = writeNamed("bom.parquet", "y", "\uFEFFa");
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(bom), "d", XY))
                .hasMessageContaining("column name at position 3 ('\\uFEFFa') contains U+FEFF");
        Path control = writeNamed("control.parquet", "y", "a\tb");
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(control), "d", XY))
                .hasMessageContaining("column name at position 3 ('a\\u0009b') contains U+0009 (CHARACTER TABULATION)");
        Path invalid = writeNamed("invalid.parquet", "y", "qQq");
        patch(invalid, "qQq".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[]{'q', (byte) 0xFF, 'q'});
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(invalid), "d", XY))
                .hasMessageContaining("column name at position 3 ('q\\uFFFDq') contains U+FFFD (REPLACEMENT CHARACTER)");
    }

    @Test
    void aCorruptFileIsReportedByName() throws Exception {
        Path garbage = dir.resolve("garbage.parquet");
        java.nio.file.Files.write(garbage, "this is not parquet at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(garbage), "d", XY))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("dataset 'd': file 'garbage.parquet' is not a readable Parquet file: ")
                .hasMessageNotContaining("ParquetReader$");

        Path good = writeParquet(2_000);
        byte[] bytes = java.nio.file.Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.parquet");
        java.nio.file.Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(truncated), "d", ColumnRoles.of("ts", "label")))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("dataset 'd': file 'truncated.parquet' is not a readable Parquet file: ")
                .hasMessageNotContaining("ParquetReader$");

        Path empty = dir.resolve("empty.parquet");
        java.nio.file.Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(empty), "d", XY))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("dataset 'd': file 'empty.parquet' is not a readable Parquet file: ");

        byte[] flipped = bytes.clone();
        for (int i = 1_000; i < 1_064; i++) { // inside the first column's data pages, footer untouched
            flipped[i] ^= 0x5A;
        }
        Path damaged = dir.resolve("damaged.parquet");
        java.nio.file.Files.write(damaged, flipped);
        assertThatThrownBy(() -> ParquetDatasetReader.read(java.util.List.of(damaged), "d", ColumnRoles.of("ts", "label")))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("dataset 'd': file 'damaged.parquet' is not a readable Parquet file: ");
    }
}
