package io.saturdayzoo.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Loads a dataset URI (local or s3://, CSV or Parquet, file or folder/prefix) into a time-ordered {@link Dataset}:
 * the whole table, or one machine's share of it.
 */
public final class DatasetLoader {
    private final ObjectSource s3;
    private final int threads;

    public DatasetLoader(ObjectSource s3, int threads) {
        this.s3 = s3;
        this.threads = Math.max(1, threads);
    }

    public Dataset load(String uri, ColumnRoles roles) {
        return load(uri, roles, null);
    }

    /**
     * One machine's share of a table: reads the table's index (every row's time and label, in file order), asks
     * {@code share} which rows this machine keeps, and loads only those, in time order. Each S3 object is fetched
     * once for both reads.
     *
     * @param share the rows kept, by their number in the index; null keeps every row (same as {@link #load(String,
     *              ColumnRoles)})
     */
    public Dataset load(String uri, ColumnRoles roles, Function<TableIndex, BitSet> share) {
        List<DatasetLocation.DataFile> files = DatasetLocation.files(uri, s3);
        Path scratch = null;
        try {
            List<Path> local = new ArrayList<>();
            for (DatasetLocation.DataFile f : files) {
                if (DatasetLocation.isS3(f.uri())) {
                    if (scratch == null) {
                        scratch = Files.createTempDirectory("saturday-dataset");
                    }
                    // S3 objects are staged on local disk once, then read like any local file; each in a folder of
                    // its own so that it keeps its object's name, which errors in its data quote.
                    String rest = f.uri().substring("s3://".length());
                    int slash = rest.indexOf('/');
                    Path target = Files.createDirectories(scratch.resolve(String.format("%05d", local.size())))
                            .resolve(Paths.get(rest.substring(slash + 1)).getFileName());
                    s3.download(rest.substring(0, slash), rest.substring(slash + 1), target);
                    local.add(target);
                } else {
                    local.add(Paths.get(f.uri()));
                }
            }
            boolean parquet = DatasetLocation.format(files.get(0).uri()) == DatasetLocation.Format.PARQUET;
            if (share == null) {
                return parquet ? ParquetDatasetReader.read(local, uri, roles)
                        : CsvDatasetReader.read(local, uri, roles, threads);
            }
            BitSet keep = share.apply(parquet ? ParquetDatasetReader.index(local, uri, roles)
                    : CsvDatasetReader.index(local, uri, roles, threads));
            return parquet ? ParquetDatasetReader.read(local, uri, roles, keep)
                    : CsvDatasetReader.read(local, uri, roles, threads, keep);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
