package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.choice.ChoiceRules;
import io.saturdayzoo.asl.definition.AslDefinition;
import io.saturdayzoo.asl.definition.Catcher;
import io.saturdayzoo.asl.definition.Retrier;
import io.saturdayzoo.asl.definition.StateDef;
import io.saturdayzoo.asl.definition.StateScope;
import io.saturdayzoo.asl.definition.StateType;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.mock.MockedResponse;
import io.saturdayzoo.asl.paths.JsonPaths;
import io.saturdayzoo.asl.paths.JsonPaths.StateField;
import io.saturdayzoo.asl.paths.PayloadTemplate;
import io.saturdayzoo.asl.paths.ReferencePath;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.asl.task.TaskHandler;
import io.saturdayzoo.asl.task.TaskInvocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The state of one running execution: walks the states, applies data flow, Retry, Catch and the virtual clock. */
final class ExecutionRun {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ARN_PREFIX = "arn:aws:states:local:000000000000:";

    private final AslDefinition definition;
    private final io.saturdayzoo.asl.task.TaskBindings bindings;
    private final ExecutionOptions options;
    private final ExecutorService pool;
    private final HistoryLog history;
    private final Map<String, AtomicInteger> invocationsByState = new ConcurrentHashMap<>();
    private final Random jitter;
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    private final Instant startTime;
    private final String executionArn;

    ExecutionRun(AslDefinition definition, io.saturdayzoo.asl.task.TaskBindings bindings, ExecutionOptions options,
                 ExecutorService pool, JsonNode input, String executionName) {
        this.definition = definition;
        this.bindings = bindings;
        this.options = options;
        this.pool = pool;
        this.history = new HistoryLog(options.listener());
        this.jitter = new Random(options.jitterSeed());
        this.startTime = options.startTime() != null ? options.startTime() : Instant.now();
        this.executionArn = ARN_PREFIX + "execution:" + options.stateMachineName() + ":" + executionName;
        this.executionContext = NODES.objectNode()
                .put("Id", executionArn)
                .put("Name", executionName)
                .put("StartTime", startTime.toString())
                .put("RoleArn", ARN_PREFIX.replace("states", "iam") + "role/local-execution");
        this.executionContext.set("Input", input.deepCopy());
        this.stateMachineContext = NODES.objectNode()
                .put("Id", ARN_PREFIX + "stateMachine:" + options.stateMachineName())
                .put("Name", options.stateMachineName());
    }

    ExecutionResult run(JsonNode input) {
        ExecutionThread root = new ExecutionThread("", ExecutionThread.Kind.ROOT, 0, Cancellation.root(), startTime, 0);
        history.record(root, HistoryEventType.ExecutionStarted, null,
                HistoryLog.details().set("input", input.deepCopy()), null);
        try {
            JsonNode output = runScope(definition.root(), input.deepCopy(), root);
            history.record(root, HistoryEventType.ExecutionSucceeded, null,
                    HistoryLog.details().set("output", output), null);
            return new ExecutionResult(executionArn, ExecutionStatus.SUCCEEDED, output, null, null, history.snapshot());
        } catch (StatesException e) {
            boolean timedOut = e instanceof ExecutionTimedOut;
            history.record(root, timedOut ? HistoryEventType.ExecutionTimedOut : HistoryEventType.ExecutionFailed, null,
                    HistoryLog.details().put("error", e.error()).put("cause", e.errorCause()), null);
            return new ExecutionResult(executionArn, timedOut ? ExecutionStatus.TIMED_OUT : ExecutionStatus.FAILED,
                    null, e.error(), e.errorCause(), history.snapshot());
        }
    }

    private JsonNode runScope(StateScope scope, JsonNode input, ExecutionThread thread) {
        String current = scope.startAt();
        JsonNode data = input;
        while (true) {
            if (thread.cancellation.isCancelled()) {
                throw new BranchCancelled(thread.lastState() == null ? current : thread.lastState(), false);
            }
            checkExecutionTimeout(thread);
            StateDef state = scope.state(current);
            Transition transition = runState(state, data, thread);
            if (transition.next() == null) {
                return transition.output();
            }
            data = transition.output();
            current = transition.next();
        }
    }

    private void checkExecutionTimeout(ExecutionThread thread) {
        var timeout = definition.root().timeoutSeconds();
        if (timeout.isPresent() && thread.now().isAfter(startTime.plusSeconds(timeout.getAsInt()))) {
            throw new ExecutionTimedOut(timeout.getAsInt());
        }
    }

    private record Transition(String next, JsonNode output) {
    }

    private Transition runState(StateDef state, JsonNode rawInput, ExecutionThread thread) {
        thread.enteredState(state.name());
        long wallStart = System.nanoTime();
        Instant enteredTime = thread.now();
        history.record(thread, HistoryEventType.entered(state.type()), state.name(),
                HistoryLog.details().set("input", rawInput), null);
        int[] retriesPerRetrier = new int[state.retriers().size()];
        int retryCount = 0;
        while (true) {
            ObjectNode context = context(state.name(), enteredTime, retryCount);
            try {
                Transition transition = attempt(state, rawInput, context, thread, retryCount);
                if (state.type() != StateType.Fail) {
                    history.record(thread, HistoryEventType.exited(state.type()), state.name(),
                            HistoryLog.details().set("output", transition.output()), wallSince(wallStart));
                }
                return transition;
            } catch (BranchCancelled | ExecutionTimedOut e) {
                throw e;
            } catch (RuntimeException raised) {
                StatesException failure = raised instanceof StatesException se ? se
                        : new StatesException(StatesErrors.RUNTIME, String.valueOf(raised.getMessage()));
                boolean byTask = state.type() == StateType.Task;
                ObjectNode failed = HistoryLog.details().put("error", failure.error())
                        .put("cause", failure.errorCause()).put("attempt", retryCount);
                int retrier = matchingRetrier(state.retriers(), failure, byTask);
                if (retrier >= 0 && retriesPerRetrier[retrier] < state.retriers().get(retrier).maxAttempts()) {
                    Duration delay = retryDelay(state.retriers().get(retrier), retriesPerRetrier[retrier]);
                    retriesPerRetrier[retrier]++;
                    retryCount++;
                    history.record(thread, HistoryEventType.StateFailed, state.name(),
                            failed.put("retryDelaySeconds", delay.toMillis() / 1000.0), null);
                    thread.advance(delay);
                    if (thread.cancellation.isCancelled()) {
                        throw new BranchCancelled(state.name(), false);
                    }
                    continue;
                }
                Optional<Catcher> catcher = state.catchers().stream()
                        .filter(c -> StatesErrors.matches(c.errorEquals(), failure.error(), byTask)).findFirst();
                if (catcher.isEmpty()) {
                    history.record(thread, HistoryEventType.StateFailed, state.name(), failed, null);
                    throw failure;
                }
                history.record(thread, HistoryEventType.StateFailed, state.name(),
                        failed.put("caughtBy", catcher.get().next()), null);
                ObjectNode errorOutput = NODES.objectNode().put("Error", failure.error())
                        .put("Cause", failure.errorCause());
                JsonNode output = ReferencePath.apply(catcher.get().resultPath(), rawInput, errorOutput);
                history.record(thread, HistoryEventType.exited(state.type()), state.name(),
                        HistoryLog.details().set("output", output), wallSince(wallStart));
                return new Transition(catcher.get().next(), output);
            }
        }
    }

    private static int matchingRetrier(List<Retrier> retriers, StatesException failure, boolean byTask) {
        for (int i = 0; i < retriers.size(); i++) {
            if (StatesErrors.matches(retriers.get(i).errorEquals(), failure.error(), byTask)) {
                return i;
            }
        }
        return -1;
    }

    private Duration retryDelay(Retrier retrier, int retriesSoFar) {
        double seconds = retrier.delaySeconds(retriesSoFar);
        if (retrier.fullJitter()) {
            synchronized (jitter) {
                seconds = jitter.nextDouble() * seconds;
            }
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** One try of a state: input processing, the state's own work, result processing. */
    private Transition attempt(StateDef state, JsonNode rawInput, ObjectNode context, ExecutionThread thread, int attempt) {
        JsonNode effective = JsonPaths.select(StateField.of("InputPath", state.json()), rawInput, context);
        String next = state.isEnd() ? null : state.next();
        switch (state.type()) {
            case Succeed -> {
                return new Transition(null, outputPath(state, effective, context));
            }
            case Fail -> throw failState(state, rawInput, context);
            case Choice -> {
                String chosen = ChoiceRules.choose(state.json(), effective, context, state.name());
                return new Transition(chosen, outputPath(state, effective, context));
            }
            case Wait -> {
                waitVirtually(state, effective, context, thread);
                return new Transition(next, outputPath(state, effective, context));
            }
            default -> {
            }
        }
        if (state.type() != StateType.Map && state.has("Parameters")) {
            effective = PayloadTemplate.resolve(state.json().get("Parameters"), effective, context);
        }
        JsonNode result = switch (state.type()) {
            case Pass -> state.field("Result").orElse(effective);
            case Task -> runTask(state, effective, rawInput, context, thread, attempt);
            case Parallel -> runParallel(state, effective, thread);
            case Map -> runMap(state, effective, thread);
            default -> throw new IllegalStateException("unhandled state type " + state.type());
        };
        if (state.has("ResultSelector") && state.type() != StateType.Pass) {
            result = PayloadTemplate.resolve(state.json().get("ResultSelector"), result, context);
        }
        Optional<String> resultPath = !state.has("ResultPath") ? Optional.of("$")
                : state.json().get("ResultPath").isNull() ? Optional.empty()
                : Optional.of(state.json().get("ResultPath").asText());
        JsonNode output = ReferencePath.apply(resultPath, rawInput, result);
        return new Transition(next, outputPath(state, output, context));
    }

    private static JsonNode outputPath(StateDef state, JsonNode data, JsonNode context) {
        return JsonPaths.select(StateField.of("OutputPath", state.json()), data, context);
    }

    private static StatesException failState(StateDef state, JsonNode input, JsonNode context) {
        String error = state.text("Error");
        String cause = state.text("Cause");
        if (state.has("ErrorPath")) {
            error = PayloadTemplate.evaluate(state.text("ErrorPath"), input, context, "ErrorPath").asText();
        }
        if (state.has("CausePath")) {
            cause = PayloadTemplate.evaluate(state.text("CausePath"), input, context, "CausePath").asText();
        }
        // an omitted Error still fails the execution; Step Functions then reports no error name
        return new StatesException(error == null ? "States.Fail" : error, cause == null ? "" : cause);
    }

    private static void waitVirtually(StateDef state, JsonNode input, JsonNode context, ExecutionThread thread) {
        if (state.has("Seconds")) {
            thread.advance(Duration.ofSeconds(state.json().get("Seconds").asLong()));
        } else if (state.has("SecondsPath")) {
            JsonNode seconds = JsonPaths.read(state.text("SecondsPath"), input, context, "SecondsPath",
                    StatesErrors.RUNTIME);
            if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.asLong() < 0) {
                throw new StatesException(StatesErrors.RUNTIME, "SecondsPath '" + state.text("SecondsPath")
                        + "' must select a non-negative integer, selected " + seconds);
            }
            thread.advance(Duration.ofSeconds(seconds.asLong()));
        } else {
            JsonNode stamp = state.has("Timestamp") ? state.json().get("Timestamp")
                    : JsonPaths.read(state.text("TimestampPath"), input, context, "TimestampPath", StatesErrors.RUNTIME);
            var parsed = ChoiceRules.timestamp(stamp);
            if (parsed == null) {
                throw new StatesException(StatesErrors.RUNTIME, "Wait state '" + state.name()
                        + "': not an RFC 3339 timestamp: " + stamp);
            }
            thread.advanceTo(parsed.toInstant());
        }
    }

    private JsonNode runTask(StateDef state, JsonNode input, JsonNode rawInput, ObjectNode context,
                             ExecutionThread thread, int attempt) {
        String resource = state.text("Resource");
        Integer timeout = taskTimeout(state, rawInput, context);
        history.record(thread, HistoryEventType.TaskScheduled, state.name(), HistoryLog.details()
                .put("resource", resource).put("attempt", attempt).set("parameters", input), null);
        int invocation = invocationsByState.computeIfAbsent(state.name(), k -> new AtomicInteger()).getAndIncrement();
        Optional<MockedResponse> mock = options.mocks().forState(state.name());
        TaskHandler handler = null;
        if (mock.isEmpty()) {
            handler = bindings.resolve(state.name(), resource).orElseThrow(() -> new StatesException(
                    StatesErrors.RUNTIME, "no handler is bound to Task state '" + state.name() + "' (resource '"
                    + resource + "')"));
        }
        history.record(thread, HistoryEventType.TaskStarted, state.name(),
                HistoryLog.details().put("resource", resource).put("mocked", mock.isPresent()), null);
        Instant started = thread.now();
        long wallStart = System.nanoTime();
        JsonNode result = null;
        TaskFailedException failure = null;
        if (mock.isPresent()) {
            MockedResponse.Outcome outcome = mock.get().forInvocation(invocation).orElseThrow(() ->
                    new StatesException(StatesErrors.RUNTIME, "mocked response '" + mock.get().name()
                            + "' has no entry for invocation " + invocation + " of state '" + state.name() + "'"));
            if (outcome.isThrow()) {
                failure = new TaskFailedException(outcome.error(), outcome.cause());
            } else {
                result = outcome.returned().deepCopy();
            }
        } else {
            TaskInvocation call = new TaskInvocation(state.name(), resource, input.deepCopy(), context.deepCopy(),
                    attempt, started, thread.cancellation::isCancelled, thread::advance);
            try {
                result = handler.invoke(call);
                if (result == null) {
                    result = NullNode.getInstance();
                }
            } catch (TaskFailedException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = TaskFailedException.fromLambdaException(e);
            }
        }
        Duration wall = wallSince(wallStart);
        if (options.measureTaskTime()) {
            thread.advance(wall);
        }
        if (thread.cancellation.isCancelled()) {
            // a sibling failed while this Task ran: its result (or error) is discarded, no further state runs
            throw new BranchCancelled(state.name(), true);
        }
        if (timeout != null && Duration.between(started, thread.now()).compareTo(Duration.ofSeconds(timeout)) > 0) {
            String cause = "Task '" + state.name() + "' did not finish within TimeoutSeconds " + timeout;
            history.record(thread, HistoryEventType.TaskTimedOut, state.name(),
                    HistoryLog.details().put("error", StatesErrors.TIMEOUT).put("cause", cause), wall);
            throw new StatesException(StatesErrors.TIMEOUT, cause);
        }
        if (failure != null) {
            history.record(thread, HistoryEventType.TaskFailed, state.name(), HistoryLog.details()
                    .put("error", failure.error()).put("cause", failure.errorCause()), wall);
            throw new StatesException(failure.error(), failure.errorCause());
        }
        history.record(thread, HistoryEventType.TaskSucceeded, state.name(),
                HistoryLog.details().set("output", result), wall);
        return result;
    }

    private static Integer taskTimeout(StateDef state, JsonNode rawInput, JsonNode context) {
        if (state.has("TimeoutSeconds")) {
            return state.json().get("TimeoutSeconds").asInt();
        }
        if (state.has("TimeoutSecondsPath")) {
            JsonNode value = JsonPaths.read(state.text("TimeoutSecondsPath"), rawInput, context, "TimeoutSecondsPath",
                    StatesErrors.RUNTIME);
            if (!value.isIntegralNumber() || value.asInt() < 1) {
                throw new StatesException(StatesErrors.RUNTIME, "TimeoutSecondsPath of state '" + state.name()
                        + "' must select a positive integer, selected " + value);
            }
            return value.asInt();
        }
        return null;
    }

    private JsonNode runParallel(StateDef state, JsonNode input, ExecutionThread thread) {
        history.record(thread, HistoryEventType.ParallelStateStarted, state.name(), HistoryLog.details(), null);
        Cancellation scope = thread.cancellation.child();
        List<StateScope> branches = state.branches();
        JsonNode[] outputs = new JsonNode[branches.size()];
        List<ExecutionThread> children = new ArrayList<>();
        CompletionService<Void> running = new ExecutorCompletionService<>(pool);
        int started = 0;
        for (int i = 0; i < branches.size(); i++) {
            int index = i;
            ExecutionThread child = thread.fork(state.name() + "/Branches[" + i + "]", ExecutionThread.Kind.BRANCH, i, scope,
                    thread.now());
            children.add(child);
            JsonNode branchInput = input.deepCopy();
            running.submit(() -> outputs[index] = runChild(branches.get(index), branchInput, child), null);
            started++;
        }
        StatesException failure = awaitAll(started, running, scope);
        children.forEach(c -> thread.advanceTo(c.now()));
        if (failure != null) {
            history.record(thread, HistoryEventType.ParallelStateFailed, state.name(), HistoryLog.details()
                    .put("error", failure.error()).put("cause", failure.errorCause()), null);
            throw failure;
        }
        if (thread.cancellation.isCancelled()) {
            throw new BranchCancelled(state.name(), false);
        }
        history.record(thread, HistoryEventType.ParallelStateSucceeded, state.name(), HistoryLog.details(), null);
        ArrayNode result = NODES.arrayNode();
        for (JsonNode output : outputs) {
            result.add(output);
        }
        return result;
    }

    private JsonNode runMap(StateDef state, JsonNode input, ExecutionThread thread) {
        ObjectNode mapContext = context(state.name(), thread.now(), 0);
        JsonNode items = state.has("ItemsPath") ? JsonPaths.read(state.text("ItemsPath"), input, mapContext,
                "ItemsPath", StatesErrors.RUNTIME) : input;
        if (!items.isArray()) {
            throw new StatesException(StatesErrors.RUNTIME, "Map state '" + state.name()
                    + "': ItemsPath must select an array, selected " + items);
        }
        int maxConcurrency = maxConcurrency(state, input, mapContext);
        history.record(thread, HistoryEventType.MapStateStarted, state.name(),
                HistoryLog.details().put("length", items.size()).put("maxConcurrency", maxConcurrency), null);
        JsonNode selector = state.field("ItemSelector").orElse(state.json().get("Parameters"));
        Cancellation scope = thread.cancellation.child();
        JsonNode[] outputs = new JsonNode[items.size()];
        AtomicReference<StatesException> firstFailure = new AtomicReference<>();
        Semaphore slots = new Semaphore(maxConcurrency > 0 ? maxConcurrency : Integer.MAX_VALUE);
        // virtual time at which each concurrency slot frees up, so queued iterations start when a slot would free
        PriorityQueue<Instant> slotFreeAt = new PriorityQueue<>();
        List<ExecutionThread> children = new ArrayList<>();
        CompletionService<Void> running = new ExecutorCompletionService<>(pool);
        int started = 0;
        for (int i = 0; i < items.size(); i++) {
            slots.acquireUninterruptibly();
            if (scope.isCancelled()) {
                slots.release();
                break;
            }
            Instant start = thread.now();
            synchronized (slotFreeAt) {
                if (maxConcurrency > 0 && i >= maxConcurrency && !slotFreeAt.isEmpty()) {
                    Instant free = slotFreeAt.poll();
                    start = free.isAfter(start) ? free : start;
                }
            }
            int index = i;
            ExecutionThread child = thread.fork(state.name() + "/Iteration[" + i + "]", ExecutionThread.Kind.ITERATION, i,
                    scope, start);
            children.add(child);
            JsonNode item = items.get(i);
            started++;
            running.submit(() -> {
                try {
                    JsonNode itemInput = item.deepCopy();
                    if (selector != null) {
                        ObjectNode itemContext = mapContext.deepCopy();
                        itemContext.putObject("Map").putObject("Item").put("Index", index).set("Value", item);
                        itemInput = PayloadTemplate.resolve(selector, input, itemContext);
                    }
                    history.record(child, HistoryEventType.MapIterationStarted, state.name(),
                            HistoryLog.details().put("index", index), null);
                    outputs[index] = runChild(state.itemProcessor(), itemInput, child);
                    history.record(child, HistoryEventType.MapIterationSucceeded, state.name(),
                            HistoryLog.details().put("index", index), null);
                } catch (StatesException e) {
                    history.record(child, HistoryEventType.MapIterationFailed, state.name(), HistoryLog.details()
                            .put("index", index).put("error", e.error()).put("cause", e.errorCause()), null);
                    firstFailure.compareAndSet(null, e);
                    scope.cancel();
                    throw e;
                } finally {
                    synchronized (slotFreeAt) {
                        slotFreeAt.add(child.now());
                    }
                    slots.release();
                }
            }, null);
        }
        StatesException failure = awaitAll(started, running, scope);
        if (firstFailure.get() != null) {
            failure = firstFailure.get();
        }
        children.forEach(c -> thread.advanceTo(c.now()));
        if (failure != null) {
            history.record(thread, HistoryEventType.MapStateFailed, state.name(), HistoryLog.details()
                    .put("error", failure.error()).put("cause", failure.errorCause()), null);
            throw failure;
        }
        if (thread.cancellation.isCancelled()) {
            throw new BranchCancelled(state.name(), false);
        }
        history.record(thread, HistoryEventType.MapStateSucceeded, state.name(), HistoryLog.details(), null);
        ArrayNode result = NODES.arrayNode();
        for (JsonNode output : outputs) {
            result.add(output);
        }
        return result;
    }

    private static int maxConcurrency(StateDef state, JsonNode input, JsonNode context) {
        if (state.has("MaxConcurrencyPath")) {
            JsonNode value = JsonPaths.read(state.text("MaxConcurrencyPath"), input, context, "MaxConcurrencyPath",
                    StatesErrors.RUNTIME);
            if (!value.isIntegralNumber() || value.asInt() < 0) {
                throw new StatesException(StatesErrors.RUNTIME, "MaxConcurrencyPath of state '" + state.name()
                        + "' must select a non-negative integer, selected " + value);
            }
            return value.asInt();
        }
        return state.json().path("MaxConcurrency").asInt(0);
    }

    /** Runs a branch or iteration; if it is cancelled, its abort (and where it stopped) goes into the history. */
    private JsonNode runChild(StateScope scope, JsonNode input, ExecutionThread child) {
        try {
            return runScope(scope, input, child);
        } catch (BranchCancelled cancelled) {
            ObjectNode details = HistoryLog.details().put("index", child.index)
                    .put("lastState", cancelled.lastState).put("discardedTaskResult", cancelled.discardedTaskResult);
            history.record(child, child.kind == ExecutionThread.Kind.BRANCH ? HistoryEventType.ParallelBranchAborted
                    : HistoryEventType.MapIterationAborted, cancelled.lastState, details, null);
            throw cancelled;
        }
    }

    /**
     * Waits for every branch or iteration. The first ASL error cancels the scope (siblings stop at their next
     * transition) and is returned once all of them have stopped, so nothing of the failed Parallel/Map still runs
     * when its failure is handled.
     */
    private static StatesException awaitAll(int started, CompletionService<Void> running, Cancellation scope) {
        StatesException failure = null;
        RuntimeException unexpected = null;
        for (int remaining = started; remaining > 0; remaining--) {
            try {
                running.take().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatesException(StatesErrors.RUNTIME, "interrupted while waiting for branches");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof StatesException se) {
                    if (failure == null) {
                        failure = se;
                        scope.cancel();
                    }
                } else if (!(cause instanceof BranchCancelled)) {
                    scope.cancel();
                    unexpected = cause instanceof RuntimeException re ? re
                            : new StatesException(StatesErrors.RUNTIME, String.valueOf(cause));
                }
            }
        }
        if (unexpected != null && failure == null) {
            throw unexpected;
        }
        return failure;
    }

    private ObjectNode context(String stateName, Instant enteredTime, int retryCount) {
        ObjectNode context = NODES.objectNode();
        context.set("Execution", executionContext);
        context.set("StateMachine", stateMachineContext);
        context.putObject("State").put("Name", stateName).put("EnteredTime", enteredTime.toString())
                .put("RetryCount", retryCount);
        return context;
    }

    private static Duration wallSince(long nanoStart) {
        return Duration.ofNanos(System.nanoTime() - nanoStart);
    }
}
