package io.saturdayzoo.asl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same scenario file through aws-local-stepfunctions via the node harness
 * (asl-interpreter/src/test/node/run-scenarios.mjs), installing its pinned dependencies with `npm ci` first
 * when node_modules is missing.
 */
public final class NodeConformanceRunner {
    /** System property naming the harness folder (set by the surefire configuration of each module using it). */
    public static final String DIR_PROPERTY = "asl.conformance.dir";
    private static final Logger LOG = LoggerFactory.getLogger(NodeConformanceRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // guards against a hung child process; not a performance expectation
    private static final long PROCESS_LIMIT_SECONDS = 300;

    private final Path harnessDir;

    public NodeConformanceRunner(Path harnessDir) {
        this.harnessDir = harnessDir.toAbsolutePath().normalize();
    }

    /** The harness named by -Dasl.conformance.dir, else ../asl-interpreter/src/test/node from a module's folder. */
    public static NodeConformanceRunner fromSystemProperty() {
        String dir = System.getProperty(DIR_PROPERTY, "../asl-interpreter/src/test/node");
        return new NodeConformanceRunner(Path.of(dir));
    }

    public Path harnessDir() {
        return harnessDir;
    }

    /** True when the harness script exists and a `node` executable answers. */
    public boolean available() {
        if (!Files.isRegularFile(harnessDir.resolve("run-scenarios.mjs"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public List<ScenarioOutcome> run(String definitionJson, String scenariosJson) throws IOException {
        installIfNeeded();
        Path work = Files.createTempDirectory("asl-conformance");
        try {
            Path definition = Files.writeString(work.resolve("definition.json"), definitionJson);
            Path scenarios = Files.writeString(work.resolve("scenarios.json"), scenariosJson);
            String stdout = exec(List.of("node", "run-scenarios.mjs", definition.toString(), scenarios.toString()));
            List<ScenarioOutcome> outcomes = new ArrayList<>();
            for (JsonNode r : JSON.readTree(stdout)) {
                TreeSet<String> failed = new TreeSet<>();
                r.path("failedStates").forEach(s -> failed.add(s.asText()));
                outcomes.add(new ScenarioOutcome(r.path("scenario").asText(), r.path("status").asText(),
                        r.hasNonNull("error") ? r.get("error").asText() : null,
                        r.hasNonNull("cause") ? r.get("cause").asText() : null, failed,
                        "SUCCEEDED".equals(r.path("status").asText()) ? r.get("output") : null));
            }
            return outcomes;
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private void installIfNeeded() throws IOException {
        if (Files.isDirectory(harnessDir.resolve("node_modules/aws-local-stepfunctions"))) {
            return;
        }
        LOG.info("installing the conformance harness's node dependencies in {}", harnessDir);
        exec(List.of("npm", "ci", "--no-audit", "--no-fund"));
    }

    private String exec(List<String> command) throws IOException {
        Path stderr = Files.createTempFile("asl-conformance", ".stderr");
        try {
            Process process = new ProcessBuilder(command).directory(harnessDir.toFile())
                    .redirectError(stderr.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IOException("'" + String.join(" ", command) + "' exited with " + process.exitValue() + ": "
                        + Files.readString(stderr));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
