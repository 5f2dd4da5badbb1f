package io.saturdayzoo.training.data;

import blue.strategic.parquet.ParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A table's index (times and labels in file order) and one machine's share of its rows, from CSV and Parquet. */
class ShareReadTest {
    private static final ColumnRoles ROLES = ColumnRoles.of("ts", "y");
    @TempDir
    Path dir;

    /** Two files, rows out of time order; row r (file order) has ts = (r * 7) % 20, y = r % 2, x = r, z = -r. */
    private List<Path> csvParts(String badCell) throws Exception {
        List<Path> parts = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            StringBuilder text = new StringBuilder("ts,x,y,z\n");
            for (int i = 0; i < 10; i++) {
                int r = part * 10 + i;
                text.append((r * 7) % 20).append(',').append(r == 13 && badCell != null ? badCell : r).append(',')
                        .append(r % 2).append(',').append(-r).append('\n');
                if (i == 4) {
                    text.append('\n'); // a blank line is no row
                }
            }
            parts.add(Files.writeString(dir.resolve("part-" + part + ".csv"), text));
        }
        return parts;
    }

    private Path parquet() throws Exception {
        MessageType type = Types.buildMessage()
                .required(PrimitiveType.PrimitiveTypeName.INT64).named("ts")
                .required(PrimitiveType.PrimitiveTypeName.DOUBLE).named("x")
                .required(PrimitiveType.PrimitiveTypeName.INT32).named("y")
                .required(PrimitiveType.PrimitiveTypeName.DOUBLE).named("z")
                .named("row");
        Path file = dir.resolve("part-0.parquet");
        try (ParquetWriter<Integer> w = ParquetWriter.writeFile(type, file.toFile(), (r, out) -> {
            out.write("ts", (long) ((r * 7) % 20));
            out.write("x", r == 13 ? Double.POSITIVE_INFINITY : r);
            out.write("y", r % 2);
            out.write("z", (double) -r);
        })) {
            for (int r = 0; r < 20; r++) {
                w.write(r);
            }
        }
        return file;
    }

    private static BitSet rows(int... numbers) {
        BitSet keep = new BitSet();
        for (int n : numbers) {
            keep.set(n);
        }
        return keep;
    }

    private static void assertIndexInFileOrder(TableIndex index) {
        assertThat(index.rowCount()).isEqualTo(20);
        for (int r = 0; r < 20; r++) {
            assertThat(index.time(r)).as("time of row %d", r).isEqualTo((r * 7) % 20);
            assertThat(index.label(r)).isEqualTo(r % 2);
        }
    }

    /** The kept rows, and only they, in time order, each with its own features. */
    private static void assertShare(Dataset share, int... kept) {
        assertThat(share.rowCount()).isEqualTo(kept.length);
        assertThat(share.featureNames()).containsExactly("x", "z");
        for (int i = 0; i < share.rowCount(); i++) {
            int r = (int) share.value(i, 0);
            assertThat(kept).contains(r);
            assertThat(share.time(i)).isEqualTo((r * 7) % 20);
            assertThat(share.label(i)).isEqualTo(r % 2);
            assertThat(share.value(i, 1)).isEqualTo(-r);
            if (i > 0) {
                assertThat(share.time(i)).isGreaterThanOrEqualTo(share.time(i - 1));
            }
        }
    }

    @Test
    void csvIndexHasEveryRowsTimeAndLabelInFileOrderAndAShareOnlyItsRows() throws Exception {
        List<Path> parts = csvParts(null);
        assertIndexInFileOrder(CsvDatasetReader.index(parts, "t", ROLES, 2));
        assertShare(CsvDatasetReader.read(parts, "t", ROLES, 2, rows(0, 3, 9, 10, 17, 19)), 0, 3, 9, 10, 17, 19);
        BitSet all = new BitSet();
        all.set(0, 20);
        assertShare(CsvDatasetReader.read(parts, "t", ROLES, 2, all), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                14, 15, 16, 17, 18, 19);
    }

    @Test
    void csvFeaturesAreCheckedByTheMachineThatKeepsTheRowAndNamedByFileAndRow() throws Exception {
        List<Path> parts = csvParts("1e39");
        assertIndexInFileOrder(CsvDatasetReader.index(parts, "t", ROLES, 2));
        assertShare(CsvDatasetReader.read(parts, "t", ROLES, 2, rows(12, 14)), 12, 14);
        assertThatThrownBy(() -> CsvDatasetReader.read(parts, "t", ROLES, 2, rows(12, 13)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("part-1.csv").hasMessageContaining("'x'").hasMessageContaining("row 4")
                .hasMessageContaining("1e39");
    }

    @Test
    void csvIndexChecksTimesAndLabelsOfEveryRow() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), "ts,x,y,z\n1,1,0,1\n2,2,3,2\n");
        assertThatThrownBy(() -> CsvDatasetReader.index(List.of(file), "t", ROLES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("'y'").hasMessageContaining("row 2");
    }

    @Test
    void parquetIndexAndShareMatchTheCsvRules() throws Exception {
        List<Path> file = List.of(parquet());
        assertIndexInFileOrder(ParquetDatasetReader.index(file, "t", ROLES));
        assertShare(ParquetDatasetReader.read(file, "t", ROLES, rows(1, 2, 18)), 1, 2, 18);
        assertThatThrownBy(() -> ParquetDatasetReader.read(file, "t", ROLES, rows(13)))
                .isInstanceOf(DatasetException.class).hasMessageContaining("'x'").hasMessageContaining("row 14");
    }

    @Test
    void theLoaderHandsTheIndexToTheShareAndLoadsWhatItKeeps() throws Exception {
        List<Path> parts = csvParts(null);
        Dataset share = new DatasetLoader(null, 2).load(dir.toString(), ROLES, index -> {
            BitSet keep = new BitSet();
            for (int r = 0; r < index.rowCount(); r++) {
                if (index.time(r) < 5) {
                    keep.set(r);
                }
            }
            return keep;
        });
        assertShare(share, 0, 3, 6, 9, 12);
        assertThat(parts).hasSize(2);
    }
}
