package io.saturdayzoo.core.jobs;

/**
 * What the trainer's AWS Batch jobs and the stack that defines them agree on: the trainer's exit codes (the job
 * definitions retry on some and not others) and the ports the nodes of a multi-node training listen on (their
 * security group opens exactly these between the nodes).
 */
public final class TrainerJobs {
    public static final int EXIT_OK = 0;
    /** Any other failure: retrying would fail again. */
    public static final int EXIT_FAILED = 1;
    /** Bad input (argument, environment, catalog, data), named on stderr; nothing was written. */
    public static final int EXIT_BAD_INPUT = 2;
    /**
     * A node of a multi-node training was lost (its process or host went away, or never showed up): the training
     * stopped with nothing but fold checkpoints written, and a new attempt of the job resumes from them.
     */
    public static final int EXIT_NODE_LOST = 3;

    /** Where the main node of a multi-node training waits for the other nodes to check in. */
    public static final int RENDEZVOUS_PORT = 12399;
    /** Where every node's model network (LightGBM's) listens. */
    public static final int NETWORK_PORT = 12400;

    private TrainerJobs() {
    }
}
