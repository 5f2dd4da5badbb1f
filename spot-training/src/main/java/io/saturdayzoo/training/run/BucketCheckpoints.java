package io.saturdayzoo.training.run;

import io.saturdayzoo.core.registry.ArtifactStore;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Checkpoints in the zoo bucket: checkpoints/{jobId}/{specId}/{name}. A Batch retry keeps its job id, so it finds them. */
public final class BucketCheckpoints implements CheckpointStore {
    private final ArtifactStore store;
    private final String prefix;

    public BucketCheckpoints(ArtifactStore store, String jobId, String specId) {
        this.store = store;
        this.prefix = ArtifactStore.checkpointPrefix(jobId) + specId + "/";
    }

    @Override
    public Optional<String> read(String name) {
        return store.getBytes(prefix + name).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void write(String name, String text) {
        store.putBytes(prefix + name, text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }
}
