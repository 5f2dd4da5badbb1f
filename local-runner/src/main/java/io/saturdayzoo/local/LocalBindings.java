package io.saturdayzoo.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.local.binding.ContainerCommand;
import io.saturdayzoo.local.binding.NotificationLog;
import io.saturdayzoo.local.binding.SaturdayBindings;
import io.saturdayzoo.local.binding.TrainerThreads;
import io.saturdayzoo.training.run.TrainingProgress;

import java.util.Map;
import java.util.function.Function;

/**
 * What serves each Task state of a local Saturday: the Lambda handlers (by default the real ones, in-process), the
 * Batch container (by default the trainer CLI in-process) and the notification log, bound to a definition.
 *
 * @param container        what Batch jobs run; null: the trainer CLI in-process, telling {@code trainingProgress}
 *                         of each fold
 * @param lambdaErrors     how a handler's exception becomes the Task's error
 */
record LocalBindings(LocalSaturday.LambdaFactory lambdas, ContainerCommand container,
                     TrainingProgress trainingProgress,
                     Function<RuntimeException, TaskFailedException> lambdaErrors) {

    /**
     * Binds every Task state of {@code definition}; a state nothing serves is an error naming it, before any run.
     *
     * @param threads the in-process trainer's threads per job (a replaced container runs commands as written)
     */
    SaturdayBindings.Bound bind(JsonNode definition, Map<String, String> env, NotificationLog notifications,
                                TrainerThreads threads) {
        SaturdayBindings bindings = SaturdayBindings.builder();
        if (container != null) {
            bindings.container(container, env);
        } else {
            bindings.container((args, jobEnv, out, err) -> SaturdayServices.trainer(args, jobEnv, out, err,
                    trainingProgress), env, threads);
        }
        bindings.notifications(notifications)
                .lambdaErrors(lambdaErrors);
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers = lambdas.create(env);
        handlers.forEach(bindings::lambda);
        return bindings.bind(definition);
    }
}
