package io.saturdayzoo.lambdas.common;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Map;

/**
 * What every handler shares: Lambda context in the structured logs, the payload wrapped for typed reads, and one
 * log line when the handler fails. Subclasses build their clients in their constructor (once per container).
 */
public abstract class ZooHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Logger log = LoggerFactory.getLogger(getClass());

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Payload payload = Payload.of(event);
        if (context == null) {
            // called in-process (local runner, tests): no Lambda context to attach to the logs
            return handleLogged(payload);
        }
        return PowertoolsLogging.withLogging(context, () -> handleLogged(payload));
    }

    private Map<String, Object> handleLogged(Payload payload) {
        try {
            return handle(payload);
        } catch (HandlerError e) {
            log.warn("{}: {}", e.errorName(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            log.error("{} failed: {}", getClass().getSimpleName(), e.toString(), e);
            throw e;
        }
    }

    /** The handler's work: read the payload, call core, shape the JSON answer (plain maps, lists, scalars). */
    protected abstract Map<String, Object> handle(Payload payload);
}
