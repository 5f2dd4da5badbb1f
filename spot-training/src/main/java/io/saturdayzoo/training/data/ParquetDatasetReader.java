package io.saturdayzoo.training.data;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.HydratorSupplier;
import blue.strategic.parquet.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Parquet files into a {@link Dataset} with parquet-floor (parquet-java without the Hadoop tree). The row count
 * comes from the footers, so the feature buffer is allocated once and filled in place as rows stream by.
 */
public final class ParquetDatasetReader {
    private ParquetDatasetReader() {
    }

    public static Dataset read(List<Path> files, String source, ColumnRoles roles) {
        if (files.isEmpty()) {
            throw new DatasetException("dataset '" + source + "': no data files found");
        }
        try {
            List<String> columns = null;
            Map<String, Long> timeScale = new HashMap<>();
            long total = 0;
            for (Path file : files) {
                if (!Files.exists(file)) {
                    throw new DatasetException("dataset '" + source + "': file not found: " + file);
                }
                ParquetMetadata meta = ParquetReader.readMetadata(file.toFile());
                MessageType schema = meta.getFileMetaData().getSchema();
                List<String> names = new ArrayList<>();
                for (Type field : schema.getFields()) {
                    names.add(field.getName());
                    if (field.getLogicalTypeAnnotation()
                            instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                        timeScale.put(field.getName(), switch (ts.getUnit()) {
                            case MILLIS -> 1_000L;
                            case MICROS -> 1_000_000L;
                            case NANOS -> 1_000_000_000L;
                        });
                    }
                }
                if (columns != null && !columns.equals(names)) {
                    throw new DatasetException("dataset '" + source + "': file '" + file.getFileName()
                            + "' has columns " + names + ", expected " + columns);
                }
                columns = names;
                for (BlockMetaData block : meta.getBlocks()) {
                    total += block.getRowCount();
                }
            }
            require(columns, roles.targetColumn(), "target_column", source);
            if (roles.timeColumn() != null) {
                require(columns, roles.timeColumn(), "time_column", source);
            }
            if (total == 0) {
                throw new DatasetException("dataset '" + source + "' is empty: no data rows");
            }
            List<String> featureNames = new ArrayList<>();
            Map<String, Integer> slot = new HashMap<>();
            for (String c : columns) {
                if (!c.equals(roles.targetColumn()) && !c.equals(roles.timeColumn())) {
                    slot.put(c, featureNames.size());
                    featureNames.add(c);
                }
            }
            if (featureNames.isEmpty()) {
                throw new DatasetException("dataset '" + source + "' has no feature columns (columns: " + columns + ")");
            }
            int rows = Math.toIntExact(total);
            int width = featureNames.size();
            ByteBuffer features = ByteBuffer.allocateDirect(Math.multiplyExact(rows, width * Float.BYTES))
                    .order(ByteOrder.nativeOrder());
            float[] labels = new float[rows];
            long[] times = new long[rows];
            RowSink sink = new RowSink(roles, slot, width, features, labels, times, timeScale, source);
            for (Path file : files) {
                try (Stream<Integer> s = ParquetReader.streamContent(file.toFile(),
                        HydratorSupplier.constantly(sink))) {
                    s.forEach(r -> { });
                }
            }
            for (int i = roles.timeColumn() == null ? 0 : rows; i < rows; i++) {
                times[i] = i;
            }
            TimeOrder.sort(features, featureNames.size(), labels, times);
            return new Dataset(source, roles.timeColumn(), roles.targetColumn(), featureNames, features, labels,
                    times);
        } catch (IOException e) {
            throw new DatasetException("dataset '" + source + "': cannot read Parquet: " + e.getMessage(), e);
        }
    }

    private static void require(List<String> columns, String wanted, String field, String source) {
        if (!columns.contains(wanted)) {
            throw new DatasetException("dataset '" + source + "': " + field + " '" + wanted
                    + "' is not a column (columns: " + String.join(", ", columns) + ")");
        }
    }

    /** Writes each streamed value into the row's slot; the row cursor advances when a row is finished. */
    private static final class RowSink implements Hydrator<RowSink, Integer> {
        private final ColumnRoles roles;
        private final Map<String, Integer> slot;
        private final int width;
        private final ByteBuffer features;
        private final float[] labels;
        private final long[] times;
        private final Map<String, Long> timeScale;
        private final String source;
        private int row;

        RowSink(ColumnRoles roles, Map<String, Integer> slot, int width, ByteBuffer features, float[] labels,
                long[] times, Map<String, Long> timeScale, String source) {
            this.roles = roles;
            this.slot = slot;
            this.width = width;
            this.features = features;
            this.labels = labels;
            this.times = times;
            this.timeScale = timeScale;
            this.source = source;
        }

        @Override
        public RowSink start() {
            // Missing (null) values are never reported: pre-fill the row's features with NaN.
            for (int f = 0; f < width; f++) {
                features.putFloat((row * width + f) * Float.BYTES, Float.NaN);
            }
            labels[row] = Float.NaN;
            return this;
        }

        @Override
        public RowSink add(RowSink target, String heading, Object value) {
            Integer s = slot.get(heading);
            if (s != null) {
                features.putFloat((row * width + s) * Float.BYTES, value == null ? Float.NaN : number(heading, value));
            } else if (heading.equals(roles.targetColumn())) {
                float v = value instanceof Boolean b ? (b ? 1f : 0f) : number(heading, value);
                if (v != 0f && v != 1f) {
                    throw new DatasetException("dataset '" + source + "': column '" + heading + "' at data row "
                            + (row + 1) + ": value '" + value + "' is not a binary label (expected 0 or 1)");
                }
                labels[row] = v;
            } else if (heading.equals(roles.timeColumn())) {
                long raw = value instanceof Number n ? n.longValue()
                        : NumberParsing.parseTimeText(String.valueOf(value));
                times[row] = raw / timeScale.getOrDefault(heading, 1L);
            }
            return this;
        }

        @Override
        public Integer finish(RowSink target) {
            if (Float.isNaN(labels[row])) {
                throw new DatasetException("dataset '" + source + "': column '" + roles.targetColumn()
                        + "' at data row " + (row + 1) + " is missing");
            }
            return row++;
        }

        private float number(String heading, Object value) {
            if (value instanceof Number n) {
                return n.floatValue();
            }
            throw new DatasetException("dataset '" + source + "': column '" + heading + "' at data row " + (row + 1)
                    + ": value '" + value + "' is not a number");
        }
    }
}
