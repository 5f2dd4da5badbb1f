package io.saturdayzoo.statemachine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.saturdayzoo.infra.config.AssetPaths;
import io.saturdayzoo.infra.config.PlaceholderAssets;
import io.saturdayzoo.infra.definition.DefinitionDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `npx cdk synth` with the pinned CLI, from the repository root, with no AWS credentials: the path a user takes.
 * Installs the CLI with `npm ci` first when node_modules is absent.
 */
class CdkCliSynthTest {

    @TempDir
    Path dir;

    @Test
    void theAppSynthesizesThroughThePinnedCdkCli() throws Exception {
        Path root = AssetPaths.findRepositoryRoot(Path.of("")).orElseThrow();
        assumeTrue(onPath("npx") && onPath("npm"), "node/npm are not installed on this machine");
        if (!Files.isRegularFile(root.resolve("node_modules/aws-cdk/package.json"))) {
            assertThat(run(root, dir.resolve("npm-ci.log"), "npm", "ci", "--no-audit", "--no-fund")).isZero();
        }
        Map<String, Object> assets = PlaceholderAssets.create(dir.resolve("assets"));
        Path out = dir.resolve("cdk.out");
        Path log = dir.resolve("synth.log");

        List<String> command = new ArrayList<>(List.of("npx", "--no-install", "cdk", "synth", "--quiet",
                "--no-notices", "--output", out.toString()));
        assets.forEach((key, value) -> command.addAll(List.of("--context", key + "=" + value)));
        int exit = run(root, log, command.toArray(String[]::new));

        assertThat(exit).as("cdk synth output:%n%s", Files.readString(log)).isZero();
        Path template = out.resolve("SaturdayZooStack.template.json");
        assertThat(template).exists();
        DefinitionDocument definition = DefinitionDocument.fromTemplateFile(template);
        assertThat(definition.tree().get("StartAt").asText()).isEqualTo("ValidateInput");
        // One definition: what the CLI deploys is exactly what in-process synthesis (and the local runner) reads.
        assertThat(definition.json()).isEqualTo(SynthesizedOnce.defaults().definitionJson());
        // And the whole stack is the same, resource for resource, once the CLI's own additions are set aside
        // (construct-path and asset-path metadata, the version-reporting resource and its condition).
        assertThat(withoutCliAdditions(SynthesizedOnce.JSON.readTree(template.toFile())))
                .isEqualTo(withoutCliAdditions(SynthesizedOnce.defaults().template().deepCopy()));
        assertThat(Files.readString(root.resolve("node_modules/aws-cdk/package.json"))).contains("\"2.1148.1\"");
    }

    private static JsonNode withoutCliAdditions(JsonNode template) {
        ObjectNode copy = (ObjectNode) template.deepCopy();
        ObjectNode resources = (ObjectNode) copy.get("Resources");
        resources.remove("CDKMetadata");
        resources.forEach(resource -> {
            if (resource.get("Metadata") instanceof ObjectNode metadata) {
                metadata.remove(List.of("aws:cdk:path", "aws:asset:path", "aws:asset:is-bundled",
                        "aws:asset:property", "aws:asset:dockerfile-path"));
                if (metadata.isEmpty()) {
                    ((ObjectNode) resource).remove("Metadata");
                }
            }
        });
        if (copy.get("Conditions") instanceof ObjectNode conditions) {
            conditions.remove("CDKMetadataAvailable");
            if (conditions.isEmpty()) {
                copy.remove("Conditions");
            }
        }
        return copy;
    }

    private static int run(Path cwd, Path log, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A generous guard against a hung child process, not a speed check.
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish; output:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    private static boolean onPath(String executable) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, executable))) {
                return true;
            }
        }
        return false;
    }
}
