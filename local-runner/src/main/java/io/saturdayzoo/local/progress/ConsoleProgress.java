package io.saturdayzoo.local.progress;

import io.saturdayzoo.asl.execution.ExecutionListener;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.training.run.TrainingProgress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a run as it goes: each state left (with its wall time), each Task as it starts, errors where they are
 * raised and where they are caught, indented and tagged by branch ("[A]", "[B]", "[B/item 2]") because the two
 * branches run at the same time. The training Map gets a bar of specs done, and each spec's training job a bar of
 * its walk-forward folds (heard from the in-process trainer), tagged like the Task that runs it. A distributed
 * Map's child executions show like inline iterations (the listener places their events there).
 */
public final class ConsoleProgress implements ExecutionListener, TrainingProgress {
    private static final Pattern BRANCH = Pattern.compile("Branches\\[(\\d+)]");
    private static final Pattern ITERATION = Pattern.compile("Iteration\\[(\\d+)]");
    private static final int BAR_WIDTH = 20;
    private static final int FOLD_BAR_WIDTH = 10;

    private final PrintStream out;
    private int specsTotal;
    private int specsDone;
    private int specsFailed;
    /** Indent and branch tag of the Task training each spec, so its fold lines sit under it. */
    private final Map<String, String> specTaskPrefix = new HashMap<>();

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    // synchronized: Map iterations and the trainers they run report from their own threads
    @Override
    public synchronized void onEvent(HistoryEvent event) {
        String where = where(event.path());
        String indent = "  ".repeat(depth(event.path()));
        HistoryEventType type = event.type();
        switch (type) {
            case ExecutionStarted -> {
                if (event.path().isEmpty()) {
                    out.println("Saturday started: input " + event.details().path("input"));
                }
            }
            case TaskScheduled -> {
                out.println(indent + where + "> " + event.stateName() + subject(event));
                String specId = trainedSpec(event);
                if (specId != null) {
                    specTaskPrefix.put(specId, indent + where);
                }
            }
            case TaskStarted -> {
                if (event.details().path("mocked").asBoolean(false)) {
                    out.println(indent + where + "  " + event.stateName() + " is mocked: its binding is not called");
                }
            }
            case MapStateStarted -> {
                specsTotal = event.details().path("length").asInt();
                specsDone = 0;
                specsFailed = 0;
                out.println(indent + where + "> " + event.stateName() + ": " + specsTotal + " item(s), max "
                        + concurrency(event.details().path("maxConcurrency").asInt()) + " at a time");
            }
            case StateFailed -> out.println(indent + where + "x " + event.stateName() + ": "
                    + event.details().path("error").asText() + caught(event));
            case ParallelBranchAborted, MapIterationAborted -> out.println(indent + where + "- cancelled after "
                    + event.stateName());
            case MapRunStarted -> out.println(indent + where + "  " + event.stateName()
                    + " runs each item as a child execution (distributed Map)");
            case MapRunFailed, MapRunAborted -> out.println(indent + where + "x " + event.stateName() + " Map Run: "
                    + event.details().path("failed").asInt() + " failed, " + event.details().path("aborted").asInt()
                    + " aborted, " + event.details().path("notStarted").asInt() + " not started of "
                    + event.details().path("total").asInt() + " child executions");
            case ExecutionSucceeded -> {
                if (event.path().isEmpty()) {
                    out.println("Saturday SUCCEEDED");
                }
            }
            case ExecutionAborted -> out.println(indent + where + "- cancelled after "
                    + event.details().path("lastState").asText());
            case ExecutionFailed, ExecutionTimedOut -> {
                String outcome = (type == HistoryEventType.ExecutionFailed ? "FAILED" : "TIMED OUT") + ": "
                        + event.details().path("error").asText();
                // a distributed Map's child execution reports where it ran; the Saturday itself also says why
                out.println(event.path().isEmpty() ? "Saturday " + outcome + ": " + event.details().path("cause").asText()
                        : indent + where + "x child execution " + outcome);
            }
            default -> {
                if (type.name().endsWith("StateExited")) {
                    out.println(indent + where + "ok " + event.stateName() + seconds(event.wallTime()));
                    if (type == HistoryEventType.PassStateExited && event.path().contains("/Iteration[")
                            && event.details().path("output").path("status").isTextual() && specsTotal > 0) {
                        specsDone++;
                        if (!"OK".equals(event.details().path("output").path("status").asText())) {
                            specsFailed++;
                        }
                        out.println(indent + where + bar());
                    }
                } else if (type == HistoryEventType.FailStateEntered) {
                    out.println(indent + where + "FAIL " + event.stateName());
                }
            }
        }
        out.flush();
    }

    @Override
    public synchronized void onFold(String specId, int foldsDone, int foldCount) {
        out.println(specTaskPrefix.getOrDefault(specId, "") + "  " + specId + "  " + bar(foldsDone, foldCount,
                FOLD_BAR_WIDTH) + " fold " + foldsDone + "/" + foldCount);
        out.flush();
    }

    @Override
    public synchronized void onFinalModel(String specId) {
        out.println(specTaskPrefix.getOrDefault(specId, "") + "  " + specId + "  " + bar(1, 1, FOLD_BAR_WIDTH)
                + " final model trained");
        out.flush();
    }

    private String bar() {
        return "training " + bar(specsDone, specsTotal, BAR_WIDTH) + " " + specsDone + "/" + specsTotal
                + " specs done" + (specsFailed > 0 ? ", " + specsFailed + " failed" : "");
    }

    static String bar(int done, int total, int width) {
        int filled = total == 0 ? 0 : Math.min(done, total) * width / total;
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    /** The spec a training job is for, or the job's command verb, so the line says what is running. */
    private static String subject(HistoryEvent event) {
        String specId = trainedSpec(event);
        if (specId != null) {
            return " " + specId;
        }
        var parameters = event.details().path("parameters");
        var command = parameters.path("ContainerOverrides").path("Command");
        return command.isArray() && !command.isEmpty() ? " (" + command.get(0).asText() + ")" : "";
    }

    /** The spec id a Batch training job passes as its spec_id parameter, or null for any other Task. */
    private static String trainedSpec(HistoryEvent event) {
        var specId = event.details().path("parameters").path("Parameters").path("spec_id");
        return specId.isTextual() ? specId.asText() : null;
    }

    private static String caught(HistoryEvent event) {
        if (event.details().has("caughtBy")) {
            return " (caught -> " + event.details().get("caughtBy").asText() + ")";
        }
        if (event.details().has("retryDelaySeconds")) {
            return " (retrying in " + event.details().get("retryDelaySeconds").asText() + " s)";
        }
        return "";
    }

    private static String concurrency(int max) {
        return max == 0 ? "all" : Integer.toString(max);
    }

    static String where(String path) {
        if (path.isEmpty()) {
            return "";
        }
        StringBuilder tag = new StringBuilder("[");
        Matcher branch = BRANCH.matcher(path);
        while (branch.find()) {
            tag.append(tag.length() > 1 ? "/" : "").append((char) ('A' + Integer.parseInt(branch.group(1))));
        }
        Matcher item = ITERATION.matcher(path);
        while (item.find()) {
            tag.append(tag.length() > 1 ? "/" : "").append("item ").append(Integer.parseInt(item.group(1)) + 1);
        }
        return tag.append("] ").toString();
    }

    private static int depth(String path) {
        if (path.isEmpty()) {
            return 0;
        }
        return (int) path.chars().filter(c -> c == '/').count() / 2 + 1;
    }

    static String seconds(Duration wall) {
        if (wall == null) {
            return "";
        }
        return String.format(Locale.ROOT, "  %.2fs", wall.toNanos() / 1e9);
    }
}
