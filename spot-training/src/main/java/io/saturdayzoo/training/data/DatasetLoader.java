package io.saturdayzoo.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Loads a dataset URI (local or s3://, CSV or Parquet, file or folder/prefix) into a time-ordered {@link Dataset}. */
public final class DatasetLoader {
    private final ObjectSource s3;
    private final int threads;

    public DatasetLoader(ObjectSource s3, int threads) {
        this.s3 = s3;
        this.threads = Math.max(1, threads);
    }

    public Dataset load(String uri, ColumnRoles roles) {
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
            return DatasetLocation.format(files.get(0).uri()) == DatasetLocation.Format.PARQUET
                    ? ParquetDatasetReader.read(local, uri, roles)
                    : CsvDatasetReader.read(local, uri, roles, threads);
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
