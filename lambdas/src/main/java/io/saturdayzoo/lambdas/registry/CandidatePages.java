package io.saturdayzoo.lambdas.registry;

import io.saturdayzoo.core.attempts.AttemptLog;
import io.saturdayzoo.core.attempts.SpecAttempts;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistrationPages;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.VersionJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * register_candidates in pages ({@link RegistrationPages}): with a {@code "cursor"} in the payload, one call registers the results from the
 * cursor on, {@link #PAGE_SIZE} at most, and answers {@code {"cursor": next, "done": false}}; the state machine calls
 * again with that cursor until {@code "done": true}. So a thousand trained specs never make one invocation outlive the
 * function's timeout. The state carries only the cursor: the last page reads what the earlier ones did back from the
 * stores (the execution's RUN# records, the specs' attempt summaries), both written idempotently, so a page retried
 * or repeated registers and counts nothing twice. Without a cursor every result is one page, as before.
 */
final class CandidatePages {

    static final int PAGE_SIZE = RegistrationPages.PAGE_SIZE;
    static final String CURSOR = RegistrationPages.CURSOR;
    static final String DONE = RegistrationPages.DONE;

    /** The results {@code [from, to)} this call handles; {@code paged} when the payload had a cursor. */
    record Page(int from, int to, int size, boolean paged) {
        boolean last() {
            return to == size;
        }

    }

    /** @param cursor the payload's cursor; null: every result in one page */
    static Page page(Integer cursor, int size, int pageSize) {
        if (cursor == null) {
            return new Page(0, size, size, false);
        }
        if (cursor < 0 || cursor > size) {
            throw new InvalidPayload("field '" + CURSOR + "': expected an integer from 0 to the " + size
                    + " results, got " + Payload.show(cursor));
        }
        return new Page(cursor, Math.min(size, cursor + pageSize), size, true);
    }

    /** What earlier pages of this execution did, read back from the stores. */
    record Earlier(List<Map<String, Object>> registered, Map<String, String> failures) {
    }

    private final ModelRegistry registry;
    private final AttemptLog attempts;
    private final int quarantineAfter;

    CandidatePages(ModelRegistry registry, AttemptLog attempts, int quarantineAfter) {
        this.registry = registry;
        this.attempts = attempts;
        this.quarantineAfter = quarantineAfter;
    }

    /**
     * The outcome of {@code results} (the earlier pages' items), in item order: a spec this execution registered is
     * registered; any other failed, with the reason its attempt summary recorded in this execution (and whether that
     * quarantined it), else what the result item says.
     */
    Earlier earlier(String executionId, List<RegistryRequest.TrainingResult> results) {
        Map<String, ModelVersion> bySpec = registry.registeredBy(executionId).stream()
                .collect(Collectors.toMap(ModelVersion::specId, Function.identity(), (a, b) -> a));
        List<String> unregistered = results.stream().map(RegistryRequest.TrainingResult::specId)
                .filter(spec -> !bySpec.containsKey(spec)).toList();
        Map<String, SpecAttempts> summaries = attempts.summaries(unregistered);
        List<Map<String, Object>> registered = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (RegistryRequest.TrainingResult result : results) {
            String specId = result.specId();
            ModelVersion version = bySpec.get(specId);
            if (version != null) {
                registered.add(VersionJson.reference(version));
                continue;
            }
            SpecAttempts summary = summaries.get(specId);
            if (summary != null && executionId.equals(summary.lastExecution())
                    && summary.lastOutcome() == SpecAttempts.Outcome.FAILED) {
                failures.put(specId, summary.lastError() + RegistryHandler.quarantineNote(summary, quarantineAfter));
            } else if (result.status() == RegistryRequest.TrainingResult.Status.FAILED) {
                failures.put(specId, "training failed: " + RegistryHandler.describeError(result.error()));
            } else {
                failures.put(specId, "not registered (no attempt recorded for it: see the registry function's log)");
            }
        }
        return new Earlier(registered, failures);
    }
}
