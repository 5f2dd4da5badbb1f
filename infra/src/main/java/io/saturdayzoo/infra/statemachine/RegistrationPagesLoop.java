package io.saturdayzoo.infra.statemachine;

import java.util.Map;

import io.saturdayzoo.core.registry.RegistrationPages;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * A registration step as a loop over pages ({@link RegistrationPages}): a Pass sets the cursor to 0, the registry
 * Lambda registers one page from the cursor and answers the next cursor and whether it was the last, a Choice calls
 * it again until it was. The state carries only the cursor; each call is idempotent, so a retried or repeated page
 * registers nothing twice, and a thousand candidates never share one invocation's timeout.
 */
final class RegistrationPagesLoop {

    /** The states of one loop; {@code register} takes the branch's Catch, {@code more} its next state. */
    record Loop(Pass start, LambdaInvoke register, Choice more) {
        /** Leaves the loop to {@code next} once the last page is registered. */
        Loop then(IChainable next) {
            more.otherwise(next);
            return this;
        }
    }

    private RegistrationPagesLoop() {
    }

    /**
     * @param payload    the registration request without the cursor (operation, execution_id, results)
     * @param resultPath where each page's answer goes; its cursor is the next call's
     */
    static Loop build(Construct scope, String startName, String moreName,
                      java.util.function.Function<Map<String, Object>, LambdaInvoke> registration,
                      Map<String, Object> payload, String resultPath) {
        Pass start = Pass.Builder.create(scope, startName)
                .result(Result.fromObject(SaturdayDefinition.ordered(RegistrationPages.CURSOR, 0,
                        RegistrationPages.DONE, false)))
                .resultPath(resultPath)
                .build();
        Map<String, Object> page = new java.util.LinkedHashMap<>(payload);
        page.put(RegistrationPages.CURSOR, software.amazon.awscdk.services.stepfunctions.JsonPath.numberAt(
                resultPath + "." + RegistrationPages.CURSOR));
        LambdaInvoke register = registration.apply(page);
        Choice more = Choice.Builder.create(scope, moreName).build()
                .when(Condition.booleanEquals(resultPath + "." + RegistrationPages.DONE, false), register);
        start.next(register);
        register.next(more);
        return new Loop(start, register, more);
    }
}
