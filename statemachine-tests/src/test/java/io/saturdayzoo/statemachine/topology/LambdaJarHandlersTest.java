package io.saturdayzoo.statemachine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.saturdayzoo.infra.config.AssetPaths;
import io.saturdayzoo.infra.lambdas.HandlerJar;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import org.junit.jupiter.api.Test;

/** The shaded Lambda jar the stack deploys holds one handler per function the definition invokes. */
class LambdaJarHandlersTest {

    @Test
    void theBuiltLambdaJarHoldsEveryHandlerTheStackPointsAt() {
        Path root = AssetPaths.findRepositoryRoot(Path.of("")).orElseThrow();
        Path jar = root.resolve(AssetPaths.LAMBDA_JAR);
        assumeTrue(Files.isRegularFile(jar), "lambdas/target/saturday-lambdas.jar is not built (mvn -B package)");

        HandlerJar handlers = HandlerJar.open(jar);
        for (ZooFunction function : ZooFunction.values()) {
            assertThat(handlers.handlerFor(function.handlerClassSimpleName()))
                    .startsWith("io.saturdayzoo.lambdas.").endsWith("." + function.handlerClassSimpleName()
                            + "::handleRequest");
        }
        // ValidateInput's rejection is caught under its qualified name too (what the Java runtime reports).
        assertThat(handlers.errorNames("InvalidInput")).hasSize(2);
    }
}
