package io.saturdayzoo.local.binding;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** What a Batch job's container runs, called in-process: command line, environment and output streams in, exit code out. */
@FunctionalInterface
public interface ContainerCommand {
    int run(List<String> command, Map<String, String> env, PrintStream out, PrintStream err);
}
