package io.saturdayzoo.training.cli;

import io.saturdayzoo.core.catalog.CatalogException;
import io.saturdayzoo.core.jobs.TrainerJobs;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.training.data.DatasetException;
import io.saturdayzoo.training.distributed.NodeLostException;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.run.TrainingProgress;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;

/**
 * {@code saturday-trainer}: the container's entry point (AWS Batch runs {@code train}, {@code preflight} and
 * {@code research}), and
 * callable in-process through {@link #run(String[], Map, PrintStream, PrintStream, TrainingProgress)} by the local
 * runner, which also hears fold progress. Exit codes: 0 ok, 2 bad input (one line on stderr naming it; nothing
 * written), 3 a node of a multi-node training was lost (retried by Batch), 1 any other failure.
 */
@Command(name = "saturday-trainer", mixinStandardHelpOptions = true,
        description = "Trains and evaluates zoo model specs (run outputs for registration), checks them before a "
                + "run, writes research reports.",
        subcommands = {TrainCommand.class, PreflightCommand.class, ResearchCommand.class, BacktestCommand.class})
public final class TrainerCli implements Runnable {
    public static final int OK = TrainerJobs.EXIT_OK;
    public static final int FAILED = TrainerJobs.EXIT_FAILED;
    public static final int BAD_INPUT = TrainerJobs.EXIT_BAD_INPUT;
    public static final int NODE_LOST = TrainerJobs.EXIT_NODE_LOST;

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    final TrainingProgress progress;

    TrainerCli(Map<String, String> env, PrintStream out, PrintStream err, TrainingProgress progress) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
        this.progress = progress;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required: train, preflight, research or backtest");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    public static int run(String[] args, Map<String, String> env) {
        return run(args, env, System.out, System.err);
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, TrainingProgress.NONE);
    }

    /** As {@link #run(String[], Map, PrintStream, PrintStream)}, telling {@code progress} how {@code train} goes. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
                          TrainingProgress progress) {
        TrainerCli root = new TrainerCli(env, out, err, Objects.requireNonNull(progress, "progress"));
        CommandLine cli = new CommandLine(root);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("saturday-trainer: " + oneLine(ex.getMessage()));
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = exitCode(ex);
            err.println("saturday-trainer: " + (code == BAD_INPUT ? "" : "failed: ") + oneLine(message(ex)));
            return code;
        });
        return cli.execute(args);
    }

    static int exitCode(Throwable e) {
        if (e instanceof NodeLostException) {
            return NODE_LOST;
        }
        return e instanceof InvalidSpecException || e instanceof DatasetException || e instanceof CatalogException
                || e instanceof BadInputException ? BAD_INPUT : FAILED;
    }

    private static String message(Throwable e) {
        if (e instanceof CatalogException c) {
            return c.getMessage().split("\n")[0].replaceAll(":\\s*$", "") + ": " + String.join("; ", c.errors());
        }
        return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    }

    /**
     * An id that becomes a segment of bucket keys and checkpoint folders, checked at argument time by the registry's
     * one rule for key segments, so a bad one is refused before anything is read, trained or written.
     */
    static String keySegment(String option, String value) {
        try {
            return ArtifactStore.requireSegment(option, value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\n\\s*", "; ").trim();
    }
}
