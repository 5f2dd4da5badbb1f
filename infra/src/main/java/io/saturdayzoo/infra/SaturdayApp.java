package io.saturdayzoo.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.saturdayzoo.infra.config.AssetPaths;
import io.saturdayzoo.infra.config.CdkJson;
import io.saturdayzoo.infra.config.CodeCommit;
import io.saturdayzoo.infra.config.ContextValueException;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.data.ZooDatasets;
import io.saturdayzoo.infra.definition.DefinitionDocument;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Entry point of the CDK app ({@code cdk synth} runs {@link #main}) and of in-process synthesis for tests and the
 * local runner ({@link #synthesize}), which returns the template and the resolved ASL without exposing CDK types.
 */
public final class SaturdayApp {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where CDK writes the violations that stopped a synth, in the cloud assembly folder. */
    private static final String VALIDATION_REPORT = "validation-report.json";

    /** A synth CDK refused: one line per violation (rule, then the construct paths), from CDK's validation report. */
    public static final class SynthesisRejected extends RuntimeException {
        SynthesisRejected(Path report, RuntimeException cause) {
            super("synthesis rejected (" + report + "):\n" + violations(report), cause);
        }

        private static String violations(Path report) {
            StringBuilder out = new StringBuilder();
            try {
                for (JsonNode plugin : JSON.readTree(report.toFile()).path("pluginReports")) {
                    for (JsonNode violation : plugin.path("violations")) {
                        out.append("  ").append(violation.path("description").asText().strip());
                        violation.path("violatingConstructs").forEach(c ->
                                out.append(" [").append(c.path("constructPath").asText()).append(']'));
                        out.append('\n');
                    }
                }
            } catch (java.io.IOException unreadable) {
                out.append("  (report unreadable: ").append(unreadable.getMessage()).append(")\n");
            }
            return out.toString();
        }
    }

    private SaturdayApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app, Path.of(""));
        } catch (ContextValueException e) {
            System.err.println("saturday-zoo synth: " + e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /** Adds the stack and the cdk-nag checks to {@code app}; context is read from the app. */
    public static SaturdayZooStack build(App app, Path workingDirectory) {
        SaturdaySettings settings = SaturdaySettings.fromContext(app.getNode()::tryGetContext);
        AssetPaths assets = AssetPaths.resolve(settings, workingDirectory);
        ZooDatasets datasets = ZooDatasets.load(workingDirectory);
        if (app.getNode().tryGetContext(SaturdaySettings.DATA_PREFIX) == null) {
            // Preflight's freshness check looks where the catalog's datasets live, unless told otherwise.
            settings = datasets.commonLocation().map(settings::withDataPrefix).orElse(settings);
        }
        String codeCommit = CodeCommit.resolve(app.getNode().tryGetContext(CodeCommit.CONTEXT_KEY), workingDirectory);
        SaturdayZooStack stack = new SaturdayZooStack(app, SaturdayZooStack.STACK_ID, settings, assets, datasets,
                codeCommit);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /**
     * Builds the app in-process with {@code context} (keys of {@link SaturdaySettings}; absent keys take their
     * defaults) over the feature flags of the checkout's cdk.json, as the CDK CLI would, and returns the live stack,
     * for CDK assertions. Assets are staged under {@code outdir}.
     */
    public static SaturdayZooStack synthesizeStack(Map<String, Object> context, Path outdir) {
        Map<String, Object> appContext = new LinkedHashMap<>(CdkJson.context(Path.of("")));
        appContext.putAll(context);
        App app = new App(AppProps.builder().context(appContext).outdir(outdir.toString()).build());
        return build(app, Path.of(""));
    }

    /** Synthesizes in-process and returns the template, the resolved definition and the cdk-nag findings. */
    public static SynthesizedSaturday synthesize(Map<String, Object> context) {
        try {
            Path outdir = java.nio.file.Files.createTempDirectory("saturday-cdk-out");
            return synthesize(context, outdir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** As {@link #synthesize(Map)}, writing the cloud assembly to {@code outdir}. */
    public static SynthesizedSaturday synthesize(Map<String, Object> context, Path outdir) {
        return synthesize(synthesizeStack(context, outdir));
    }

    /**
     * Synthesizes a stack built by {@link #synthesizeStack} (tests may add to it first).
     *
     * @throws SynthesisRejected when a construct carries an error annotation (an unsuppressed cdk-nag finding):
     *                           with the feature flags of cdk.json, CDK refuses such a synth, as `cdk synth` does
     */
    public static SynthesizedSaturday synthesize(SaturdayZooStack stack) {
        App app = (App) stack.getNode().getRoot();
        CloudAssembly assembly;
        try {
            assembly = app.synth();
        } catch (RuntimeException e) {
            Path report = Path.of(app.getOutdir(), VALIDATION_REPORT);
            if (java.nio.file.Files.isRegularFile(report)) {
                throw new SynthesisRejected(report, e);
            }
            throw e;
        }
        CloudFormationStackArtifact artifact = assembly.getStackByName(stack.getStackName());
        String templateJson;
        try {
            templateJson = JSON.writeValueAsString(artifact.getTemplate());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template does not serialize", e);
        }
        List<SynthesizedSaturday.Finding> findings = artifact.getMessages().stream()
                .map(message -> new SynthesizedSaturday.Finding(
                        message.getLevel().toString(), message.getId(), String.valueOf(message.getEntry().getData())))
                .toList();
        return new SynthesizedSaturday(templateJson, DefinitionDocument.fromTemplate(templateJson), findings,
                Path.of(assembly.getDirectory()));
    }

    /** The Saturday definition's ASL with every reference replaced by a readable name (see DefinitionDocument). */
    public static String definitionJson(Map<String, Object> context) {
        return synthesize(context).definition().json();
    }
}
