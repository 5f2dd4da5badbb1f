package io.saturdayzoo.training.distributed;

/**
 * A node of a multi-node training is gone: its process or host went away, it stopped answering, or it never showed
 * up. The training cannot go on without it; the trainer exits with TrainerJobs.EXIT_NODE_LOST, which the job
 * definition retries (the fold checkpoints written so far hold).
 */
public class NodeLostException extends RuntimeException {
    public NodeLostException(String message) {
        super(message);
    }

    public NodeLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
