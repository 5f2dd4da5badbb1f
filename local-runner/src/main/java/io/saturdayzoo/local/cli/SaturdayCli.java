package io.saturdayzoo.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code saturday}: the Saturday pipeline on a laptop. {@code run --local} executes the synthesized state machine
 * against embedded stores, {@code train --local} an on-demand training (TrainModelVersion), {@code ledger} shows
 * its cost ledger, {@code graph} draws it, {@code leaderboard} reads the local registry; {@code promote},
 * {@code reject}, {@code rollback} and {@code audit} change and trace versions' lifecycles, locally or on AWS.
 * Exit codes: 0 success, 1 the run FAILED (or a command failed), 2 bad usage.
 */
@Command(name = "saturday", mixinStandardHelpOptions = true, version = "saturday-zoo 0.1.0",
        description = "Runs, draws and inspects the Saturday state machine locally.",
        subcommands = {RunCommand.class, TrainCommand.class, LedgerCommand.class, GraphCommand.class, LeaderboardCommand.class, LifecycleCommands.Promote.class,
                LifecycleCommands.Reject.class, LifecycleCommands.Rollback.class, LifecycleCommands.Audit.class})
public final class SaturdayCli implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /** When main began (0 when the CLI runs inside another program, e.g. a test): a run reports the JVM start. */
    static volatile long mainNanos;
    static volatile java.time.Instant mainInstant;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: run, train, ledger, graph, leaderboard, promote, reject, rollback or audit");
    }

    public static void main(String[] args) {
        mainNanos = System.nanoTime();
        mainInstant = java.time.Instant.now();
        quietLogs();
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.out.flush();
        System.err.flush();
        // Everything is closed and flushed by now. halt, not exit: LightGBM's native OpenMP worker threads outlive
        // training, and the JVM's exit sequence can crash (SIGSEGV in the VM thread) while they are torn down.
        Runtime.getRuntime().halt(code);
    }

    /** Runs the CLI with these streams and returns the exit code (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SaturdayCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("saturday: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ex instanceof IllegalArgumentException ? USAGE : FAILED;
        });
        return cli.execute(args);
    }

    /**
     * The trainer and the embedded engines log through slf4j-simple at INFO; on a console run only warnings are
     * worth a line (the progress display says what happens). Must run before the first logger is created.
     */
    static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }
}
