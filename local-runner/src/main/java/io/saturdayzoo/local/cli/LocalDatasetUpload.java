package io.saturdayzoo.local.cli;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.local.LocalSaturday;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local file given as {@code --dataset} goes into the local bucket, so the state machine sees what it sees on
 * AWS: an s3:// URI that PlanTraining sizes and the trainer reads.
 */
final class LocalDatasetUpload {
    static final String PREFIX = "datasets/on-demand/";

    private LocalDatasetUpload() {
    }

    static String put(LocalSaturday machine, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--dataset: no file at " + file.toAbsolutePath());
        }
        String bucket = machine.env().get(ZooEnv.BUCKET);
        String key = PREFIX + file.getFileName();
        try {
            new ArtifactStore(io.saturdayzoo.core.aws.AwsClients.s3(machine.env()), bucket)
                    .putBytes(key, Files.readAllBytes(file), "text/csv");
        } catch (IOException e) {
            throw new UncheckedIOException("--dataset: cannot read " + file, e);
        }
        return "s3://" + bucket + "/" + key;
    }
}
