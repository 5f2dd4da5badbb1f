package io.saturdayzoo.infra.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The code commit every version trained by this deployment records: context {@code codeCommit} when given (CI
 * pipelines pass theirs), else the checkout's HEAD, else "unknown". A new commit changes the job definition's
 * environment, so a deploy after a change is visible in the lineage of the next versions.
 */
public final class CodeCommit {

    public static final String CONTEXT_KEY = "codeCommit";
    public static final String UNKNOWN = "unknown";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");

    private CodeCommit() {
    }

    public static String resolve(Object contextValue, Path workingDirectory) {
        if (contextValue != null) {
            String commit = contextValue.toString().trim();
            if (!SHA.matcher(commit).matches()) {
                throw new ContextValueException(CONTEXT_KEY, commit, "a git commit id (7 to 40 hex digits)");
            }
            return commit;
        }
        return AssetPaths.findRepositoryRoot(workingDirectory).flatMap(CodeCommit::head).orElse(UNKNOWN);
    }

    private static Optional<String> head(Path repositoryRoot) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .directory(repositoryRoot.toFile()).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            boolean done = git.waitFor(10, TimeUnit.SECONDS);
            return done && git.exitValue() == 0 && SHA.matcher(out).matches() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git on this machine: lineage says "unknown"
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
