package io.saturdayzoo.lambdas.common;

import io.saturdayzoo.lambdas.evalgate.EvalGateHandler;
import io.saturdayzoo.lambdas.preflight.PreflightFailed;
import io.saturdayzoo.lambdas.preflight.PreflightHandler;
import io.saturdayzoo.lambdas.registry.RegistryHandler;
import io.saturdayzoo.lambdas.research.SummarizeResearchHandler;
import io.saturdayzoo.lambdas.rotation.SelectRotationHandler;
import io.saturdayzoo.lambdas.testing.FakeLambdaContext;
import io.saturdayzoo.lambdas.testing.ZooFixture;
import io.saturdayzoo.lambdas.validateinput.ValidateInputHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Map;

import static io.saturdayzoo.lambdas.testing.ZooFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(ZooFixture.Extension.class)
class ZooHandlerTest {

    @Test
    void withALambdaContextTheAnswerIsTheSameAsInProcess(ZooFixture zoo) {
        zoo.registerRun("exec-1", "gamma-dart", "gamma", 0.7, Instant.parse("2026-11-01T00:00:00Z"));
        SelectRotationHandler handler = new SelectRotationHandler(zoo.env());
        Map<String, Object> event = event("{\"execution_id\": \"exec-2\", \"budget\": 2}");

        Map<String, Object> inLambda = handler.handleRequest(event, new FakeLambdaContext("SelectRotation"));

        assertThat(inLambda).isEqualTo(handler.handleRequest(event, null));
        assertThat(ZooFixture.ids(inLambda)).containsExactly("alpha-gbdt", "beta-gbdt");
    }

    @Test
    void errorsPassThroughTheLambdaContextPathUnchanged(ZooFixture zoo) {
        assertThatThrownBy(() -> new PreflightHandler(zoo.envWith("ZOO_TABLE", null))
                .handleRequest(event("{}"), new FakeLambdaContext("Preflight")))
                .isInstanceOf(PreflightFailed.class)
                .hasMessageStartingWith("4 of 6 preflight checks failed:\nenv: ZOO_TABLE is missing\n");
    }

    @Test
    void errorNamesTheDefinitionMatchesOnAreStable() {
        // infra's Catch clauses name these strings; renaming a class or package must show up here first
        assertThat(new InvalidPayload("x").lambdaErrorType()).isEqualTo("io.saturdayzoo.lambdas.common.InvalidPayload");
        assertThat(new io.saturdayzoo.lambdas.validateinput.InvalidInput(java.util.List.of("x")).lambdaErrorType())
                .isEqualTo("io.saturdayzoo.lambdas.validateinput.InvalidInput");
        assertThat(new PreflightFailed(java.util.List.of()).lambdaErrorType())
                .isEqualTo("io.saturdayzoo.lambdas.preflight.PreflightFailed");
        assertThat(new io.saturdayzoo.lambdas.rotation.UnknownSpecIds(java.util.List.of("x"), java.util.List.of(),
                java.util.List.of()).lambdaErrorType()).isEqualTo("io.saturdayzoo.lambdas.rotation.UnknownSpecIds");
        assertThat(new io.saturdayzoo.lambdas.registry.SpecsFailed(Map.of("x", "y"), java.util.List.of()).lambdaErrorType())
                .isEqualTo("io.saturdayzoo.lambdas.registry.SpecsFailed");
        assertThat(new io.saturdayzoo.lambdas.research.ReportMissing("x").errorName()).isEqualTo("ReportMissing");
        assertThat(new io.saturdayzoo.lambdas.research.ReportMissing("x").lambdaErrorType())
                .isEqualTo("io.saturdayzoo.lambdas.research.ReportMissing");
    }

    @Test
    void everyHandlerHasTheTwoConstructorsTheRuntimeAndTheLocalRunnerUse() throws Exception {
        for (Class<?> type : new Class<?>[]{ValidateInputHandler.class, PreflightHandler.class,
                SelectRotationHandler.class, RegistryHandler.class, EvalGateHandler.class,
                SummarizeResearchHandler.class}) {
            assertThat(ZooHandler.class).isAssignableFrom(type);
            assertThat(type.getConstructor()).isNotNull();
            assertThat(type.getConstructor(Map.class)).isNotNull();
        }
    }
}
