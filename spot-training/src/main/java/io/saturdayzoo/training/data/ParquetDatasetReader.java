package io.saturdayzoo.training.data;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
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
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Parquet files into a {@link Dataset} with parquet-java's column readers (through parquet-floor, which brings
 * them without the Hadoop tree). The row count comes from the footers, so the feature buffer is allocated once, and
 * each row group is written into it column by column through the typed getters: no value is boxed on the way.
 *
 * <p>Column names follow {@link ColumnNames}; values follow the CSV rules: a null or NaN is missing, an infinite
 * value or a double beyond a float's range is refused. Page checksums are verified where the writer stored them, and
 * a file parquet-java cannot read is reported by its name.
 * <p>Over 350 lines: the row group writer reads label, time, numbers and text per physical type, side by side.
 */
public final class ParquetDatasetReader {
    private ParquetDatasetReader() {
    }

    public static Dataset read(List<Path> files, String source, ColumnRoles roles) {
        return (Dataset) read(files, source, roles, null, true);
    }

    /**
     * Only the rows set in {@code keep} (row numbers in file order, counted across the files, as {@link #index}
     * numbers them), in time order: one machine's share. Only those rows' features are read and checked.
     */
    public static Dataset read(List<Path> files, String source, ColumnRoles roles, BitSet keep) {
        return (Dataset) read(files, source, roles, keep, true);
    }

    /** Every row's time and label in file order, no features: the table's index (its times and labels are checked). */
    public static TableIndex index(List<Path> files, String source, ColumnRoles roles) {
        return (TableIndex) read(files, source, roles, null, false);
    }

    private static Object read(List<Path> files, String source, ColumnRoles roles, BitSet keep, boolean withFeatures) {
        if (files.isEmpty()) {
            throw new DatasetException("dataset '" + source + "': no data files found");
        }
        List<String> columns = null;
        Map<String, Long> timeScale = new HashMap<>();
        long total = 0;
        for (Path file : files) {
            if (!Files.exists(file)) {
                throw new DatasetException("dataset '" + source + "': file not found: " + file);
            }
            String where = DataErrors.where(source, file);
            ParquetMetadata meta;
            try (ParquetFileReader reader = open(file)) {
                meta = reader.getFooter();
            } catch (IOException | RuntimeException e) {
                throw unreadable(where, e);
            }
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
            ColumnNames.requireVisible(where, names);
            ColumnNames.requireUnique(where, names);
            if (columns != null && !columns.equals(names)) {
                throw new DatasetException(where + " has columns " + DataErrors.shown(names) + ", expected "
                        + DataErrors.shown(columns));
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
            throw new DatasetException("dataset '" + source + "' has no feature columns (columns: "
                    + DataErrors.shown(columns) + ")");
        }
        int rows = keep == null ? Math.toIntExact(total) : keep.get(0, Math.toIntExact(total)).cardinality();
        int width = featureNames.size();
        ByteBuffer features = withFeatures ? ByteBuffer.allocateDirect(Math.multiplyExact(rows, width * Float.BYTES))
                .order(ByteOrder.nativeOrder()) : null;
        float[] labels = new float[rows];
        long[] times = new long[rows];
        ColumnSink sink = new ColumnSink(roles, slot, width, features, labels, times, timeScale, keep);
        int firstRow = 0;
        for (Path file : files) {
            String where = DataErrors.where(source, file);
            try {
                firstRow = readFile(file, where, firstRow, sink);
            } catch (DatasetException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw unreadable(where, e);
            }
        }
        if (roles.timeColumn() == null) { // row order is time order: a row's time is its number in file order
            for (int row = 0, at = 0; at < rows; row++) {
                if (keep == null || keep.get(row)) {
                    times[at++] = row;
                }
            }
        }
        if (!withFeatures) {
            return new TableIndex(source, times, labels);
        }
        TimeOrder.sort(features, featureNames.size(), labels, times);
        return new Dataset(source, roles.timeColumn(), roles.targetColumn(), featureNames, features, labels,
                times);
    }

    private static void require(List<String> columns, String wanted, String field, String source) {
        if (!columns.contains(wanted)) {
            throw new DatasetException("dataset '" + source + "': " + field + " '" + wanted
                    + "' is not a column (columns: " + DataErrors.shown(columns) + ")");
        }
    }

    /** A reader that names the file in parquet-java's own messages and verifies page checksums. */
    private static ParquetFileReader open(Path file) throws IOException {
        String name = file.getFileName().toString();
        return ParquetFileReader.open(new LocalInputFile(file) {
            @Override
            public String toString() {
                return name;
            }
        }, ParquetReadOptions.builder().usePageChecksumVerification(true).build());
    }

    private static DatasetException unreadable(String where, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DatasetException(where + " is not a readable Parquet file: " + why, e);
    }

    /** Reads one file's row groups column by column into the table from {@code firstRow}; returns the next row. */
    private static int readFile(Path file, String where, int firstRow, ColumnSink sink) throws IOException {
        sink.startFile(where, firstRow);
        try (ParquetFileReader reader = open(file)) {
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
     * boxed. A null (below the column's maximum definition level) or a NaN is a missing value.
     */
    private static final class ColumnSink {
        private final ColumnRoles roles;
        private final Map<String, Integer> slot;
        private final int width;
        private final ByteBuffer features;
        private final float[] labels;
        private final long[] times;
        private final Map<String, Long> timeScale;
        /** Rows kept, by number in file order (null: all); features null: times and labels only. */
        private final BitSet keep;
        /** The file being read, for messages, and its first row in file order: messages count rows within a file. */
        private String where;
        private int fileFirstRow;

        ColumnSink(ColumnRoles roles, Map<String, Integer> slot, int width, ByteBuffer features, float[] labels,
                   long[] times, Map<String, Long> timeScale, BitSet keep) {
            this.roles = roles;
            this.slot = slot;
            this.width = width;
            this.features = features;
            this.labels = labels;
            this.times = times;
            this.timeScale = timeScale;
            this.keep = keep;
        }

        /** Where the kept rows of a row group starting at {@code firstRow} (file order) begin in the table. */
        int firstSlot(int firstRow) {
            return keep == null ? firstRow : keep.get(0, firstRow).cardinality();
        }

        void startFile(String fileWhere, int firstRow) {
            this.where = fileWhere;
            this.fileFirstRow = firstRow;
        }

        void read(ColumnDescriptor column, ColumnReader values, int firstRow, int rows) {
            String name = column.getPath()[0];
            if (column.getPath().length != 1 || column.getMaxRepetitionLevel() > 0) {
                throw new DatasetException(where + ": column '" + DataErrors.shown(String.join(".", column.getPath()))
                        + "' is nested or repeated; the trainer reads flat tables");
            }
            Integer feature = slot.get(name);
            boolean label = name.equals(roles.targetColumn());
            boolean time = name.equals(roles.timeColumn());
            if (feature != null && features == null) {
                return; // an index reads no feature
            }
            int present = column.getMaxDefinitionLevel();
            PrimitiveType.PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
            long scale = timeScale.getOrDefault(name, 1L);
            int at = firstSlot(firstRow);
            for (int i = 0; i < rows; i++) {
                int row = firstRow + i;
                if (keep != null && !keep.get(row)) { // another machine's row: that machine reads and checks it
                    if (values.getCurrentDefinitionLevel() == present) {
                        values.skip(); // a value not read must be skipped, or the next read returns this one
                    }
                    values.consume();
                    continue;
                }
                boolean isNull = values.getCurrentDefinitionLevel() < present;
                if (feature != null) {
                    features.putFloat((at * width + feature) * Float.BYTES,
                            isNull ? Float.NaN : number(values, type, name, row));
                } else if (label) {
                    labels[at] = label(values, type, isNull, name, row);
                } else if (time) {
                    if (isNull) {
                        throw missing(name, row);
                    }
                    times[at] = time(values, type, name, row) / scale;
                }
                at++;
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
                case FLOAT:
                case DOUBLE:
                    double t = type == PrimitiveType.PrimitiveTypeName.FLOAT ? values.getFloat() : values.getDouble();
                    if (Double.isNaN(t)) {
                        throw missing(name, row);
                    }
                    if (Double.isInfinite(t)) {
                        throw bad(name, row, text(values, type), DataErrors.NOT_FINITE);
                    }
                    return (long) t;
                default:
                    String text = text(values, type);
                    try {
                        return NumberParsing.parseTimeText(text);
                    } catch (NumberFormatException e) {
                        throw bad(name, row, text, DataErrors.NOT_A_TIME);
                    }
            }
        }

        /** A finite float or NaN (missing): infinities, and doubles a float cannot hold, are refused. */
        private float number(ColumnReader values, PrimitiveType.PrimitiveTypeName type, String name, int row) {
            switch (type) {
                case FLOAT:
                    float f = values.getFloat();
                    if (Float.isInfinite(f)) {
                        throw bad(name, row, text(values, type), DataErrors.NOT_FINITE);
                    }
                    return f;
                case DOUBLE:
                    double d = values.getDouble();
                    float narrowed = (float) d;
                    if (Float.isInfinite(narrowed)) {
                        throw bad(name, row, text(values, type),
                                Double.isInfinite(d) ? DataErrors.NOT_FINITE : DataErrors.OVERFLOWS_FLOAT);
                    }
                    return narrowed;
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
            return DataErrors.missing(where, name, row - fileFirstRow + 1);
        }

        private DatasetException bad(String name, int row, String value, String problem) {
            return DataErrors.badValue(where, name, row - fileFirstRow + 1, value, problem);
        }
    }
}
