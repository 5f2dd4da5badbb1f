package io.saturdayzoo.training.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a job keeps finished folds so a retry after a Spot interruption resumes instead of retraining. Names are
 * flat ("fold-0.json"); the store scopes them to one job and spec.
 */
public interface CheckpointStore {
    Optional<String> read(String name);

    void write(String name, String text);

    /** No checkpoints (dry runs: they write nothing anywhere). */
    CheckpointStore NONE = new CheckpointStore() {
        @Override
        public Optional<String> read(String name) {
            return Optional.empty();
        }

        @Override
        public void write(String name, String text) {
            // by design
        }
    };

    /** A local folder (tests, and local runs without a bucket). Writes are atomic: temp file, then rename. */
    static CheckpointStore directory(Path dir) {
        return new CheckpointStore() {
            @Override
            public Optional<String> read(String name) {
                Path file = dir.resolve(name);
                try {
                    return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void write(String name, String text) {
                try {
                    Files.createDirectories(dir);
                    Path tmp = dir.resolve(name + ".tmp");
                    Files.writeString(tmp, text, StandardCharsets.UTF_8);
                    Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
