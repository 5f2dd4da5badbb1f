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
}
