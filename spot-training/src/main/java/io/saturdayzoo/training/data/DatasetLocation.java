package io.saturdayzoo.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset URI resolved to its data files: a local file or folder, or an s3:// object or prefix. Data files are
 * *.csv, *.tsv, *.txt (delimited text) and *.parquet; a folder or prefix is read as the parts of one table.
 */
public final class DatasetLocation {
    public enum Format { CSV, PARQUET }

    public record DataFile(String uri, long size, Instant lastModified) {
    }

    private DatasetLocation() {
    }

    public static boolean isS3(String uri) {
        return uri.startsWith("s3://");
    }

    /** The data files behind a URI (never empty: a missing or empty location is a {@link DatasetException}). */
    public static List<DataFile> files(String uri, ObjectSource s3) {
        List<DataFile> out = new ArrayList<>();
        if (isS3(uri)) {
            if (s3 == null) {
                throw new DatasetException("dataset '" + uri + "': no S3 client configured");
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            for (ObjectSource.ObjectInfo o : s3.list(bucket, prefix)) {
                boolean exact = o.key().equals(prefix);
                boolean inside = prefix.isEmpty() || prefix.endsWith("/") || o.key().startsWith(prefix + "/");
                if ((exact || inside) && isDataFile(o.key())) {
                    out.add(new DataFile("s3://" + bucket + "/" + o.key(), o.size(), o.lastModified()));
                }
            }
        } else {
            Path path = Paths.get(uri.startsWith("file://") ? uri.substring("file://".length()) : uri);
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> s = Files.list(path)) {
                        for (Path p : s.filter(p -> isDataFile(p.getFileName().toString()))
                                .sorted(Comparator.comparing(Path::toString)).toList()) {
                            out.add(new DataFile(p.toString(), Files.size(p), Files.getLastModifiedTime(p).toInstant()));
                        }
                    }
                } else if (Files.isRegularFile(path)) {
                    out.add(new DataFile(path.toString(), Files.size(path),
                            Files.getLastModifiedTime(path).toInstant()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (out.isEmpty()) {
            throw new DatasetException("dataset '" + uri + "' not found: no data files (*.csv, *.tsv, *.txt, "
                    + "*.parquet) at that location");
        }
        Format first = format(out.get(0).uri());
        for (DataFile f : out) {
            if (format(f.uri()) != first) {
                throw new DatasetException("dataset '" + uri + "' mixes CSV and Parquet files");
            }
        }
        return out;
    }

    public static Format format(String name) {
        return name.toLowerCase().endsWith(".parquet") ? Format.PARQUET : Format.CSV;
    }

    static boolean isDataFile(String name) {
        String n = name.toLowerCase();
        return n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt") || n.endsWith(".parquet")
                || n.endsWith(".train") || n.endsWith(".test");
    }
}
