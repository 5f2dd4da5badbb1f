package io.saturdayzoo.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.saturdayzoo.infra.config.ContextValueException;
import io.saturdayzoo.infra.config.PlaceholderAssets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One in-process synth with placeholder assets: what the app itself promises beyond the topology. */
class SaturdayAppTest {

    @TempDir
    static Path dir;
    static SynthesizedSaturday synthesized;
    static JsonNode template;

    @BeforeAll
    static void synthesize() throws IOException {
        Map<String, Object> context = PlaceholderAssets.create(dir.resolve("assets"));
        // A build output the Dockerfile does not copy must stay out of the image context.
        Path classes = Files.createDirectories(Path.of(context.get("trainerImageDir").toString(), "target/classes"));
        Files.writeString(classes.resolve("Big.class"), "x");
        synthesized = SaturdayApp.synthesize(context, dir.resolve("cdk.out"));
        template = new ObjectMapper().readTree(synthesized.templateJson());
    }

    @Test
    void cdkNagAwsSolutionsReportsNoUnsuppressedError() {
        assertThat(synthesized.nagErrors()).isEmpty();
        assertThat(synthesized.errors()).isEmpty();
        // The checks really ran: every suppression is reported as such in the nag report.
        assertThat(synthesized.assemblyDirectory().resolve("AwsSolutions-SaturdayZooStack-NagReport.csv")).exists();
    }

    @Test
    void aNonCompliantResourceFailsTheSynthNamingTheRuleAndTheConstruct() {
        Map<String, Object> context = PlaceholderAssets.create(dir.resolve("nag"));
        SaturdayZooStack stack = SaturdayApp.synthesizeStack(context, dir.resolve("nag-out"));
        new software.amazon.awscdk.services.s3.Bucket(stack, "UnloggedPlainBucket");

        // cdk.json's @aws-cdk/core:annotationsInValidationReport: a cdk-nag error stops the synth, as in `cdk synth`.
        assertThatThrownBy(() -> SaturdayApp.synthesize(stack))
                .isInstanceOf(SaturdayApp.SynthesisRejected.class)
                .hasMessageContaining("AwsSolutions-S1: ")
                .hasMessageContaining("AwsSolutions-S10: ")
                .hasMessageContaining("SaturdayZooStack/UnloggedPlainBucket/Resource")
                .hasMessageNotContaining("SaturdayZooStack/Registry");
    }

    @Test
    void everyFunctionRunsJava21WithSnapStartOnItsHandlerFromTheJar() {
        List<JsonNode> all = resources("AWS::Lambda::Function");
        List<JsonNode> functions = all.stream().filter(fn -> fn.at("/Metadata/saturdayzoo:local-arn").isTextual())
                .toList();
        assertThat(functions).hasSize(io.saturdayzoo.infra.lambdas.ZooFunction.values().length);
        // The one other function: CDK's own provider that strips the VPC default security group's rules.
        assertThat(all).hasSize(functions.size() + 1).filteredOn(fn -> !functions.contains(fn)).singleElement()
                .satisfies(fn -> assertThat(fn.at("/Properties/Description").asText())
                        .contains("removing all inbound/outbound rules from the VPC default security group"));
        assertThat(functions).allSatisfy(fn -> {
            assertThat(fn.at("/Properties/Runtime").asText()).isEqualTo("java21");
            assertThat(fn.at("/Properties/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(fn.at("/Properties/Handler").asText())
                    .matches("io\\.saturdayzoo\\.lambdas\\.placeholder\\.[A-Za-z]+Handler::handleRequest");
            assertThat(fn.at("/Properties/TracingConfig/Mode").asText()).isEqualTo("Active");
        });
        assertThat(functions).extracting(fn -> fn.at("/Properties/Handler").asText())
                .anySatisfy(h -> assertThat(h).contains(".SelectRotationHandler::"))
                .anySatisfy(h -> assertThat(h).contains(".RegistryHandler::"));
    }

    @Test
    void trainerImageContextKeepsTheFatJarAndDropsOtherBuildOutputs() throws IOException {
        Path staged;
        try (Stream<Path> entries = Files.list(synthesized.assemblyDirectory())) {
            staged = entries.filter(p -> Files.isDirectory(p) && Files.exists(p.resolve("Dockerfile")))
                    .findFirst().orElseThrow();
        }
        assertThat(staged.resolve("target/saturday-trainer.jar")).exists();
        assertThat(staged.resolve("target/classes")).doesNotExist();
    }

    @Test
    void theDefinitionNamesItsTargetsReadably() {
        String json = synthesized.definition().json();
        assertThat(json).contains("arn:aws:lambda:::function:SelectRotation", "arn:aws:batch:::job-queue/SpotTraining",
                "arn:aws:batch:::job-definition/Trainer", "arn:aws:batch:::job-definition/Research",
                "arn:aws:states:::sns:publish");
        assertThat(json).doesNotContain("arn:aws:cloudformation:::resource/", "/JobQueueArn");
    }

    @Test
    void badContextFailsBeforeAnythingIsBuilt() {
        Map<String, Object> context = PlaceholderAssets.create(dir.resolve("bad"));
        context.put("maxVcpus", "0");
        assertThatThrownBy(() -> SaturdayApp.synthesize(context, dir.resolve("bad-out")))
                .isInstanceOf(ContextValueException.class)
                .hasMessage("context 'maxVcpus': invalid value '0' (expected an integer >= 1)");
    }

    private static List<JsonNode> resources(String type) {
        return Stream.of(template.get("Resources"))
                .flatMap(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false))
                .filter(r -> r.path("Type").asText().equals(type))
                .toList();
    }
}
