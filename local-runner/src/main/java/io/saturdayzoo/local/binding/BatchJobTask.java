package io.saturdayzoo.local.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.asl.task.TaskHandler;
import io.saturdayzoo.asl.task.TaskInvocation;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves a {@code batch:submitJob.sync} Task by running the job's container command in-process (the trainer CLI)
 * with the command the definition puts in ContainerOverrides.Command (a multi-node job's, in its NodeOverrides, runs
 * as one process: the trainer trains alone outside Batch's multi-node environment). The result has the shape of the Batch job
 * description the .sync integration returns; a non-zero exit fails the Task with {@code States.TaskFailed} and
 * the job description as the cause, as Step Functions reports a failed job.
 */
public final class BatchJobTask implements TaskHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF = "Ref::";

    private final ContainerCommand container;
    private final Map<String, String> env;
    private final TrainerThreads threads;

    public BatchJobTask(ContainerCommand container, Map<String, String> env) {
        this(container, env, null);
    }

    /** @param threads the threads each job gets, or null: commands run as the definition writes them */
    public BatchJobTask(ContainerCommand container, Map<String, String> env, TrainerThreads threads) {
        this.container = container;
        this.env = Map.copyOf(env);
        this.threads = threads;
    }

    @Override
    public JsonNode invoke(TaskInvocation invocation) throws TaskFailedException {
        JsonNode input = invocation.input();
        List<String> command = command(invocation.stateName(), input);
        if (threads != null) {
            command = threads.apply(invocation.stateName(), command);
        }
        String jobId = UUID.randomUUID().toString();
        String jobName = input.path("JobName").asText(invocation.stateName());
        Map<String, String> jobEnv = new LinkedHashMap<>(env);
        jobEnv.putAll(overriddenEnvironment(input));
        jobEnv.put("AWS_BATCH_JOB_ID", jobId);
        jobEnv.put("AWS_BATCH_JOB_ATTEMPT", Integer.toString(invocation.attempt() + 1));
        int exitCode;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String crash = null;
        boolean timedOut = false;
        long startedAt = System.currentTimeMillis();
        List<String> finalCommand = command;
        try (PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            Duration cap = attemptTimeout(input);
            if (cap == null) {
                exitCode = container.run(command, Map.copyOf(jobEnv), out, err);
            } else {
                // Batch stops an attempt at its timeout; here the container runs on its own thread, which is
                // interrupted at the cap, and the job fails as Batch reports it whether or not it stops at once.
                ExecutorService attempt = Executors.newSingleThreadExecutor(r -> daemon(r, jobName));
                Future<Integer> run = attempt.submit(() -> container.run(finalCommand, Map.copyOf(jobEnv), out, err));
                try {
                    exitCode = run.get(cap.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    run.cancel(true);
                    exitCode = 137;
                    timedOut = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    run.cancel(true);
                    throw new TaskFailedException("States.Runtime", "interrupted while job " + jobId + " ran");
                } finally {
                    attempt.shutdownNow();
                }
            }
        } catch (RuntimeException e) {
            // a crash of the in-process container is what a container dying looks like: a failed job
            exitCode = 1;
            crash = e.toString();
        }
        long stoppedAt = System.currentTimeMillis();
        ObjectNode job = JSON.createObjectNode()
                .put("JobId", jobId)
                .put("JobName", jobName)
                .put("JobQueue", input.path("JobQueue").asText())
                .put("JobDefinition", input.path("JobDefinition").asText())
                .put("Status", exitCode == 0 ? "SUCCEEDED" : "FAILED")
                .put("StartedAt", startedAt)
                .put("StoppedAt", stoppedAt);
        job.set("Parameters", input.path("Parameters").deepCopy());
        if (exitCode != 0) {
            String lastError = lastLine(stderr.toString(StandardCharsets.UTF_8));
            job.put("StatusReason", timedOut ? TIMEOUT_REASON : crash != null ? "container crashed: " + crash
                    : "Essential container in task exited" + (lastError.isEmpty() ? "" : ": " + lastError));
        }
        ObjectNode container = job.putObject("Container");
        container.put("ExitCode", exitCode);
        container.set("Command", JSON.valueToTree(command));
        if (exitCode != 0) {
            throw new TaskFailedException("States.TaskFailed", job.toString());
        }
        return job;
    }

    /**
     * ContainerOverrides.Command with every {@code Ref::name} replaced by the job parameter {@code name}, as Batch
     * does (Step Functions cannot put JSONPath values inside an array, so the definition passes them as Parameters).
     */
    static List<String> command(String stateName, JsonNode input) throws TaskFailedException {
        JsonNode command = input.path("ContainerOverrides").path("Command");
        if (command.isMissingNode()) { // a multi-node job: its nodes' command; here one process trains the spec
            command = input.path("NodeOverrides").path("NodePropertyOverrides").path(0).path("ContainerOverrides")
                    .path("Command");
        }
        if (!command.isArray() || command.isEmpty()) {
            throw new TaskFailedException("States.Runtime", "Batch Task '" + stateName
                    + "': Parameters.ContainerOverrides.Command is missing or empty; the local runner needs the "
                    + "container command to run the job in-process");
        }
        JsonNode parameters = input.path("Parameters");
        List<String> out = new ArrayList<>();
        for (JsonNode part : command) {
            String arg = part.isTextual() ? part.asText() : part.toString();
            if (arg.startsWith(REF) && parameters.has(arg.substring(REF.length()))) {
                JsonNode value = parameters.get(arg.substring(REF.length()));
                arg = value.isTextual() ? value.asText() : value.toString();
            }
            out.add(arg);
        }
        return out;
    }

    /** Batch's status reason for an attempt stopped at its timeout. */
    public static final String TIMEOUT_REASON = "Job attempt duration exceeded timeout";

    /** The submission's Timeout.AttemptDurationSeconds, or null when it sets none. */
    static Duration attemptTimeout(JsonNode input) {
        JsonNode seconds = input.path("Timeout").path("AttemptDurationSeconds");
        return seconds.canConvertToLong() && seconds.asLong() > 0 ? Duration.ofSeconds(seconds.asLong()) : null;
    }

    private static Thread daemon(Runnable task, String jobName) {
        Thread thread = new Thread(task, "batch-job-" + jobName);
        thread.setDaemon(true);
        return thread;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static Map<String, String> overriddenEnvironment(JsonNode input) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode variable : input.path("ContainerOverrides").path("Environment")) {
            out.put(variable.path("Name").asText(), variable.path("Value").asText());
        }
        return out;
    }
}
