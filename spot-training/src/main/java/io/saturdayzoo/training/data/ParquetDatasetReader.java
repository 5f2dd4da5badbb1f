package io.saturdayzoo.training.data;

import blue.strategic.parquet.ParquetReader;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
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

/**
 * Reads Parquet files into a {@link Dataset} with parquet-java's column readers (through parquet-floor, which brings
 * them without the Hadoop tree). The row count comes from the footers, so the feature buffer is allocated once, and
 * each row group is written into it column by column through the typed getters: no value is boxed on the way.
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
            ColumnSink sink = new ColumnSink(roles, slot, width, features, labels, times, timeScale, source);
            int firstRow = 0;
            for (Path file : files) {
                firstRow = readFile(file, firstRow, sink);
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

    /** Reads one file's row groups column by column into the table from {@code firstRow}; returns the next row. */
    private static int readFile(Path file, int firstRow, ColumnSink sink) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(ParquetReader.makeInputFile(file.toFile()))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            PageReadStore group;
            while ((group = reader.readNextRowGroup()) != null) {
                int rows = Math.toIntExact(group.getRowCount());
                ColumnReadStoreImpl columns = new ColumnReadStoreImpl(group,
                        new DummyRecordConverter(schema).getRootConverter(), schema, createdBy);
                for (ColumnDescriptor column : schema.getColumns()) {
                    sink.read(column, columns.getColumnReader(column), firstRow, rows);
                }
                firstRow += rows;
            }
        }
        return firstRow;
    }

    /**
     * Writes a row group's columns into the table, one column at a time through parquet's typed getters: no value is
     * boxed. A null (below the column's maximum definition level) is a missing value.
     */
    private static final class ColumnSink {
        private final ColumnRoles roles;
        private final Map<String, Integer> slot;
        private final int width;
        private final ByteBuffer features;
        private final float[] labels;
        private final long[] times;
        private final Map<String, Long> timeScale;
        private final String source;

        ColumnSink(ColumnRoles roles, Map<String, Integer> slot, int width, ByteBuffer features, float[] labels,
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

        void read(ColumnDescriptor column, ColumnReader values, int firstRow, int rows) {
            String name = column.getPath()[0];
            if (column.getPath().length != 1 || column.getMaxRepetitionLevel() > 0) {
                throw new DatasetException("dataset '" + source + "': column '" + String.join(".", column.getPath())
                        + "' is nested or repeated; the trainer reads flat tables");
            }
            Integer feature = slot.get(name);
            boolean label = name.equals(roles.targetColumn());
            boolean time = name.equals(roles.timeColumn());
            int present = column.getMaxDefinitionLevel();
            PrimitiveType.PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
            long scale = timeScale.getOrDefault(name, 1L);
            for (int i = 0; i < rows; i++) {
                int row = firstRow + i;
                boolean isNull = values.getCurrentDefinitionLevel() < present;
                if (feature != null) {
                    features.putFloat((row * width + feature) * Float.BYTES,
                            isNull ? Float.NaN : number(values, type, name, row));
                } else if (label) {
                    labels[row] = label(values, type, isNull, name, row);
                } else if (time) {
                    if (isNull) {
                        throw missing(name, row);
                    }
                    times[row] = time(values, type, name, row) / scale;
                }
                values.consume();
            }
        }

        private float label(ColumnReader values, PrimitiveType.PrimitiveTypeName type, boolean isNull, String name,
                            int row) {
            if (isNull) {
                throw missing(name, row);
            }
            float v = type == PrimitiveType.PrimitiveTypeName.BOOLEAN ? (values.getBoolean() ? 1f : 0f)
                    : number(values, type, name, row);
            if (v != 0f && v != 1f) {
                throw bad(name, row, text(values, type), "is not a binary label (expected 0 or 1)");
            }
            return v;
        }

        private long time(ColumnReader values, PrimitiveType.PrimitiveTypeName type, String name, int row) {
            switch (type) {
                case INT32: return values.getInteger();
                case INT64: return values.getLong();
                case FLOAT: return (long) values.getFloat();
                case DOUBLE: return (long) values.getDouble();
                default:
                    String text = text(values, type);
                    try {
                        return NumberParsing.parseTimeText(text);
                    } catch (NumberFormatException e) {
                        throw bad(name, row, text, "is not epoch seconds nor an ISO-8601 time");
                    }
            }
        }

        private float number(ColumnReader values, PrimitiveType.PrimitiveTypeName type, String name, int row) {
            switch (type) {
                case FLOAT: return values.getFloat();
                case DOUBLE: return (float) values.getDouble();
                case INT32: return values.getInteger();
                case INT64: return values.getLong();
                default: throw bad(name, row, text(values, type), "is not a number");
            }
        }

        /** A value as the error message shows it (only ever called on the way to an error, or for text times). */
        private static String text(ColumnReader values, PrimitiveType.PrimitiveTypeName type) {
            switch (type) {
                case FLOAT: return Float.toString(values.getFloat());
                case DOUBLE: return Double.toString(values.getDouble());
                case INT32: return Integer.toString(values.getInteger());
                case INT64: return Long.toString(values.getLong());
                case BOOLEAN: return Boolean.toString(values.getBoolean());
                default: return values.getBinary().toStringUsingUTF8();
            }
        }

        private DatasetException missing(String name, int row) {
            return new DatasetException("dataset '" + source + "': column '" + name + "' at data row " + (row + 1)
                    + " is missing");
        }

        private DatasetException bad(String name, int row, String value, String problem) {
            return new DatasetException("dataset '" + source + "': column '" + name + "' at data row " + (row + 1)
                    + ": value '" + value + "' " + problem);
        }
    }
}
