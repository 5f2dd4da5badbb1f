package io.saturdayzoo.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import io.saturdayzoo.lambdas.common.HandlerError;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.infra.config.CdkJson;
import io.saturdayzoo.infra.config.OnDemandContext;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.lambdas.evalgate.EvalGateHandler;
import io.saturdayzoo.lambdas.ondemand.PlanTrainingHandler;
import io.saturdayzoo.lambdas.ondemand.TrainingLedgerHandler;
import io.saturdayzoo.lambdas.preflight.PreflightHandler;
import io.saturdayzoo.lambdas.registry.RegistryHandler;
import io.saturdayzoo.lambdas.research.SummarizeResearchHandler;
import io.saturdayzoo.lambdas.rotation.SelectRotationHandler;
import io.saturdayzoo.lambdas.validateinput.ValidateInputHandler;
import io.saturdayzoo.training.cli.TrainerCli;
import io.saturdayzoo.training.run.TrainingProgress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real services a local state machine binds to: the Lambda handlers the Task states invoke and the trainer CLI,
 * all in-process.
 */
public final class SaturdayServices {
    private SaturdayServices() {
    }

    /** The Lambda handlers by function name (the name the definition's Task states invoke). */
    public static Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> lambdas(Map<String, String> env) {
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers = new LinkedHashMap<>();
        handlers.put(ZooFunction.VALIDATE_INPUT.functionName(), new ValidateInputHandler(env));
        handlers.put(ZooFunction.PREFLIGHT.functionName(), new PreflightHandler(env));
        handlers.put(ZooFunction.SUMMARIZE_RESEARCH.functionName(), new SummarizeResearchHandler(env));
        handlers.put(ZooFunction.SELECT_ROTATION.functionName(), new SelectRotationHandler(env));
        handlers.put(ZooFunction.REGISTRY.functionName(), new RegistryHandler(env));
        handlers.put(ZooFunction.EVAL_GATE.functionName(), new EvalGateHandler(env));
        Map<String, String> ledgerEnv = withOnDemandSettings(env);
        handlers.put(ZooFunction.PLAN_TRAINING.functionName(), new PlanTrainingHandler(ledgerEnv));
        handlers.put(ZooFunction.TRAINING_LEDGER.functionName(), new TrainingLedgerHandler(ledgerEnv));
        return handlers;
    }

    /**
     * {@code env} with the on-demand settings the stack would give the ledger's handlers (cdk.json's context over
     * the defaults) wherever {@code env} names none: the price table and budget are never missing locally either.
     */
    public static Map<String, String> withOnDemandSettings(Map<String, String> env) {
        Map<String, Object> context = CdkJson.context(Path.of(""));
        int engineMaxVcpus = SaturdaySettings.fromMap(context).maxVcpus();
        OnDemandSettings settings = OnDemandContext.fromContext(context::get, engineMaxVcpus);
        Map<String, String> out = new HashMap<>(settings.toEnv());
        out.putAll(env);
        return out;
    }

    /** The Batch container's command (train, research) run through the trainer CLI in this JVM. */
    public static int trainer(List<String> command, Map<String, String> env, PrintStream out, PrintStream err) {
        return trainer(command, env, out, err, TrainingProgress.NONE);
    }

    /** As {@link #trainer(List, Map, PrintStream, PrintStream)}, telling {@code progress} of each fold trained. */
    public static int trainer(List<String> command, Map<String, String> env, PrintStream out, PrintStream err,
                              TrainingProgress progress) {
        return TrainerCli.run(command.toArray(String[]::new), env, out, err, progress);
    }

    /**
     * The Task failure for a handler's exception. A {@link HandlerError} fails with its error name
     * ("InvalidInput", "PreflightFailed", "SpecsFailed"), the name the definition's Catch and the handlers agree on;
     * anything else with its class name, as the Lambda runtime reports an unexpected exception. The cause has the
     * Lambda error payload shape either way.
     */
    public static TaskFailedException lambdaError(RuntimeException e) {
        if (e instanceof HandlerError handlerError) {
            ObjectNode payload = JsonNodeFactory.instance.objectNode()
                    .put("errorMessage", String.valueOf(e.getMessage()))
                    .put("errorType", handlerError.errorName());
            payload.putArray("stackTrace");
            return new TaskFailedException(handlerError.errorName(), payload.toString(), e);
        }
        return TaskFailedException.fromLambdaException(e);
    }
}
