package io.saturdayzoo.training.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads delimited text (comma or tab, detected from the first line) into a {@link Dataset}.
 *
 * <p>Two parallel passes over newline-aligned chunks of a few MB: count rows, then parse each chunk straight into its
 * slot of the single direct feature buffer. No per-row objects, no intermediate copy of the table; chunks are read
 * into one reused buffer per thread (not memory-mapped), so the text never counts against the process's memory.
 * <p>Over 350 lines: the two passes share the chunking and the per-thread buffers, which split apart would copy.
 */
public final class CsvDatasetReader {
    private static final long CHUNK_BYTES = 1L << 20;
    private static final ThreadLocal<ByteBuffer> CHUNK_BUFFER = new ThreadLocal<>();

    private CsvDatasetReader() {
    }

    /** One file, or several files of the same layout (parts of one dataset, in time order of their names). */
    public static Dataset read(List<Path> files, String source, ColumnRoles roles, int threads) {
        return (Dataset) read(files, source, roles, threads, Selection.ALL);
    }

    /**
     * Only the rows set in {@code keep} (row numbers in file order, counted across the files, as {@link #index}
     * numbers them), in time order: one machine's share. Only those rows' features are parsed and checked.
     */
    public static Dataset read(List<Path> files, String source, ColumnRoles roles, int threads, BitSet keep) {
        return (Dataset) read(files, source, roles, threads, new Selection(keep, true));
    }

    /** Every row's time and label in file order, no features: the table's index (its times and labels are checked). */
    public static TableIndex index(List<Path> files, String source, ColumnRoles roles, int threads) {
        return (TableIndex) read(files, source, roles, threads, Selection.INDEX);
    }

    /**
     * Which rows become the table, and whether with their features.
     *
     * @param keep     the rows kept, by number in file order; null keeps every row
     * @param features false reads times and labels only (an index)
     */
    private record Selection(BitSet keep, boolean features) {
        static final Selection ALL = new Selection(null, true);
        static final Selection INDEX = new Selection(null, false);

        boolean keeps(int row) {
            return keep == null || keep.get(row);
        }

        /** How many rows of [from, to) are kept. */
        int kept(int from, int to) {
            return keep == null ? to - from : keep.get(from, to).cardinality();
        }
    }

    private static Object read(List<Path> files, String source, ColumnRoles roles, int threads, Selection selection) {
        if (files.isEmpty()) {
            throw new DatasetException("dataset '" + source + "': no data files found");
        }
        threads = Math.max(1, threads);
        try {
            Layout layout = null;
            List<Chunk> chunks = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                Layout fileLayout = layout(file, source, roles);
                if (layout != null && !layout.names.equals(fileLayout.names)) {
                    throw new DatasetException(DataErrors.where(source, file) + " has columns "
                            + DataErrors.shown(fileLayout.names) + ", expected " + DataErrors.shown(layout.names));
                }
                layout = fileLayout;
                chunks.addAll(chunks(file, i, fileLayout.dataStart, threads));
            }
            return parse(chunks, layout, source, roles, threads, selection);
        } catch (NoSuchFileException e) {
            throw new DatasetException("dataset '" + source + "': file not found: " + e.getFile());
        } catch (IOException e) {
            throw new DatasetException("dataset '" + source + "': cannot read: " + e.getMessage(), e);
        }
    }

    public static Dataset read(Path file, ColumnRoles roles, int threads) {
        return read(List.of(file), file.toString(), roles, threads);
    }

    private record Layout(List<String> names, byte delimiter, long dataStart, int targetIndex, int timeIndex) {
    }

    /** A newline-aligned piece of one file; {@code fileIndex} orders the dataset's files. */
    private record Chunk(Path file, int fileIndex, long start, long length) {
    }

    private static Layout layout(Path file, String source, ColumnRoles roles) throws IOException {
        String where = DataErrors.where(source, file);
        if (Files.size(file) == 0) {
            throw new DatasetException(where + " is empty: no header and no rows");
        }
        CsvHeader header = CsvHeader.read(file, where, roles.header());
        List<String> names = header.names();
        int target = indexOf(names, roles.targetColumn(), "target_column", source);
        int time = roles.timeColumn() == null ? -1 : indexOf(names, roles.timeColumn(), "time_column", source);
        if (names.size() < 2 + (time >= 0 ? 1 : 0)) {
            throw new DatasetException("dataset '" + source + "' has no feature columns (columns: "
                    + DataErrors.shown(names) + ")");
        }
        return new Layout(names, header.delimiter(), header.dataStart(), target, time);
    }

    private static int indexOf(List<String> names, String wanted, String field, String source) {
        int i = names.indexOf(wanted);
        if (i < 0) {
            throw new DatasetException("dataset '" + source + "': " + field + " '" + wanted
                    + "' is not a column (columns: " + DataErrors.shown(names) + ")");
        }
        return i;
    }

    /** Splits a file's data bytes into newline-aligned chunks, a few per thread. */
    private static List<Chunk> chunks(Path file, int fileIndex, long dataStart, int threads) throws IOException {
        long size = Files.size(file);
        long length = size - dataStart;
        List<Chunk> out = new ArrayList<>();
        if (length <= 0) {
            return out;
        }
        int pieces = (int) Math.max(threads * 2L, (length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = dataStart;
            ByteBuffer probe = ByteBuffer.allocate(64 * 1024);
            for (int i = 1; i <= pieces && start < size; i++) {
                long end = i == pieces ? size : Math.max(start, dataStart + length * i / pieces);
                while (end < size) { // advance to just after the next newline
                    probe.clear();
                    int n = ch.read(probe, end);
                    int k = 0;
                    while (k < n && probe.get(k) != '\n') {
                        k++;
                    }
                    if (k < n) {
                        end += k + 1;
                        break;
                    }
                    end += n;
                }
                if (end > start) {
                    out.add(new Chunk(file, fileIndex, start, end - start));
                }
                start = end;
            }
        }
        return out;
    }

    private static Object parse(List<Chunk> chunks, Layout layout, String source, ColumnRoles roles, int threads,
                                Selection selection) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "csv-parse");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (Chunk c : chunks) {
                counts.add(pool.submit(() -> countRows(map(c))));
            }
            int[] rowOffset = new int[chunks.size() + 1];
            long total = 0;
            for (int i = 0; i < chunks.size(); i++) {
                total += get(counts.get(i));
                if (total > Integer.MAX_VALUE) {
                    throw new DatasetException("dataset '" + source + "' has more than 2^31 rows");
                }
                rowOffset[i + 1] = (int) total;
            }
            if (total == 0) {
                throw new DatasetException("dataset '" + source + "' is empty: no data rows");
            }
            // a chunk's rows go to consecutive slots of the table, from the number of kept rows before it
            int[] slotOffset = new int[chunks.size() + 1];
            for (int i = 0; i < chunks.size(); i++) {
                slotOffset[i + 1] = slotOffset[i] + selection.kept(rowOffset[i], rowOffset[i + 1]);
            }
            int rows = slotOffset[chunks.size()];
            int columns = layout.names.size();
            int featureCount = columns - 1 - (layout.timeIndex >= 0 ? 1 : 0);
            long bytes = selection.features() ? (long) rows * featureCount * Float.BYTES : 0;
            if (bytes > Integer.MAX_VALUE) {
                throw new DatasetException("dataset '" + source + "' is too large for one buffer: " + rows
                        + " rows x " + featureCount + " features");
            }
            ByteBuffer features = selection.features()
                    ? ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()) : null;
            float[] labels = new float[rows];
            long[] times = new long[rows];
            int[] featureSlot = new int[columns];
            List<String> featureNames = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                if (c == layout.targetIndex || c == layout.timeIndex) {
                    featureSlot[c] = -1;
                } else {
                    featureSlot[c] = featureNames.size();
                    featureNames.add(layout.names.get(c));
                }
            }
            List<Future<?>> parsed = new ArrayList<>();
            int fileFirstRow = 0;
            for (int i = 0; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                if (i == 0 || chunks.get(i - 1).fileIndex != c.fileIndex) {
                    fileFirstRow = rowOffset[i];
                }
                Place place = new Place(DataErrors.where(source, c.file), rowOffset[i], fileFirstRow, slotOffset[i],
                        selection);
                parsed.add(pool.submit(() -> {
                    parseChunk(map(c), place, layout, featureSlot, featureCount, features, labels, times);
                    return null;
                }));
            }
            for (Future<?> f : parsed) {
                get(f);
            }
            if (!selection.features()) {
                return new TableIndex(source, times, labels);
            }
            TimeOrder.sort(features, featureNames.size(), labels, times);
            return new Dataset(source, roles.timeColumn(), roles.targetColumn(), featureNames, features, labels,
                    times);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The chunk's bytes in this thread's reusable buffer (valid until the thread reads its next chunk). */
    private static ByteBuffer map(Chunk c) throws IOException {
        ByteBuffer buffer = CHUNK_BUFFER.get();
        if (buffer == null || buffer.capacity() < c.length) {
            buffer = ByteBuffer.allocateDirect((int) Math.max(c.length, CHUNK_BYTES + (64 << 10)));
            CHUNK_BUFFER.set(buffer);
        }
        buffer.clear().limit((int) c.length);
        try (FileChannel ch = FileChannel.open(c.file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (ch.read(buffer, c.start + buffer.position()) < 0) {
                    throw new IOException("file " + c.file + " shrank while being read");
                }
            }
        }
        return buffer.flip();
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Non-blank lines. */
    private static int countRows(ByteBuffer b) {
        int rows = 0;
        boolean content = false;
        int n = b.limit();
        for (int p = 0; p < n; p++) {
            byte c = b.get(p);
            if (c == '\n') {
                if (content) {
                    rows++;
                }
                content = false;
            } else if (c != '\r') {
                content = true;
            }
        }
        return content ? rows + 1 : rows;
    }

    /**
     * Where a chunk's rows go and how errors name them.
     *
     * @param where        the dataset, and the file when the dataset has several
     * @param firstRow     the chunk's first row, numbered in file order across the files
     * @param fileFirstRow the first row of the chunk's file, so numbered: messages count rows within the file
     * @param firstSlot    where the chunk's first kept row goes in the table
     * @param selection    which rows are kept, and whether with features
     */
    private record Place(String where, int firstRow, int fileFirstRow, int firstSlot, Selection selection) {
    }

    private static void parseChunk(ByteBuffer b, Place place, Layout layout, int[] featureSlot, int featureCount,
                                   ByteBuffer features, float[] labels, long[] times) {
        int n = b.limit();
        int p = 0;
        int row = place.firstRow;
        int slot = place.firstSlot;
        int columns = layout.names.size();
        byte delimiter = layout.delimiter;
        while (p < n) {
            byte c = b.get(p);
            if (c == '\n' || c == '\r') { // blank line or the \n of a \r\n
                p++;
                continue;
            }
            if (!place.selection.keeps(row)) { // another machine's row: that machine reads and checks it
                while (p < n && b.get(p) != '\n') {
                    p++;
                }
                row++;
                continue;
            }
            int col = 0;
            long rowBase = (long) slot * featureCount * Float.BYTES;
            while (true) {
                int start = p;
                while (p < n && (c = b.get(p)) != delimiter && c != '\n' && c != '\r') {
                    p++;
                }
                if (col < columns) {
                    int featureAt = featureSlot[col];
                    try {
                        if (featureAt >= 0) {
                            if (features != null) {
                                features.putFloat((int) (rowBase + (long) featureAt * Float.BYTES),
                                        NumberParsing.parseFloat(b, start, p));
                            }
                        } else if (col == layout.targetIndex) {
                            labels[slot] = label(NumberParsing.parseFloat(b, start, p));
                        } else {
                            times[slot] = NumberParsing.parseTime(b, start, p);
                        }
                    } catch (NumberFormatException e) {
                        throw DataErrors.badValue(place.where, layout.names.get(col), row - place.fileFirstRow + 1,
                                NumberParsing.text(b, start, p), problem(e));
                    }
                }
                col++;
                if (p < n && b.get(p) == delimiter) {
                    p++;
                    continue;
                }
                break;
            }
            if (col != columns) {
                throw new DatasetException(place.where + ": data row " + (row - place.fileFirstRow + 1) + " has "
                        + col + " fields, expected " + columns);
            }
            if (p + 1 < n && b.get(p) == '\r' && b.get(p + 1) != '\n') {
                // rows were counted by \n: a lone \r would start a row the count does not know
                throw new DatasetException(place.where + ": data row " + (row - place.fileFirstRow + 1)
                        + " ends in a carriage return without a line feed (rows end in \\n or \\r\\n)");
            }
            if (layout.timeIndex < 0) {
                times[slot] = row; // no time column: row order is time order
            }
            row++;
            slot++;
        }
    }

    private static float label(float value) {
        if (value == 0f || value == 1f) {
            return value;
        }
        throw new NumberFormatException("is not a binary label (expected 0 or 1)");
    }

    private static String problem(NumberFormatException e) {
        String why = e.getMessage();
        return why == null || why.startsWith("For input") ? DataErrors.NOT_A_NUMBER : why;
    }
}
