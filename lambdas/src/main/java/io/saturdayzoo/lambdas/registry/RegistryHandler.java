package io.saturdayzoo.lambdas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.attempts.AttemptLog;
import io.saturdayzoo.core.attempts.SpecAttempts;
import io.saturdayzoo.core.attempts.SpecFingerprint;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryException;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.VersionJson;
import io.saturdayzoo.lambdas.common.TypedHandler;
import io.saturdayzoo.lambdas.registry.RegistryRequest.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's operations as one Lambda, chosen by "operation":
 * <ul>
 * <li>"register_candidates" (RegisterCandidates state): {"execution_id", "results": [{"spec_id", "status":
 *     "OK"|"FAILED", "error"?}]} registers every OK spec from runs/{execution_id}/{spec_id}/manifest.json (the
 *     only registrar: trainer jobs write run outputs only; idempotent: a spec registered by an earlier attempt
 *     keeps its version), records each spec's attempt (OK when registered, FAILED otherwise; once per execution) in
 *     its attempt summary, which rotation's quarantine reads, then registers any complete run an earlier execution
 *     left unregistered (a killed run, {@link OrphanRuns}), then, if any spec of this run FAILED or could not be
 *     registered, fails with error "SpecsFailed" naming them (and saying which are now quarantined). Out:
 *     {"registered": [{"spec_id", "label", "version", "version_id", "parent_version_id"}], "recovered":
 *     [{"execution_id", "spec_id", "version_id"|"error"}]}. With "cursor" (from 0) it takes the results a page
 *     at a time ({@link CandidatePages}): each call answers {"cursor": next, "done": false} until the last, which
 *     answers as above plus "done": true, for the whole list.</li>
 * <li>"register": {"execution_id", "spec_id"} (manifest read from the bucket) or {"manifest": {...}}.
 *     Out: {"registered": version}.</li>
 * <li>"promote": {"label", "version", "execution_id"?}. Out: {"promoted": version}.</li>
 * <li>"list_candidates": {"execution_id"?} (all labels when absent). Out: {"candidates": [version...]}.</li>
 * </ul>
 */
public final class RegistryHandler extends TypedHandler<RegistryRequest<?>, RegistryAnswer> {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);

    private final ModelRegistry registry;
    private final AttemptLog attempts;
    private final ZooCatalog catalog;
    private final int pageSize;

    public RegistryHandler() {
        this(System.getenv());
    }

    /** ZOO_TABLE, ZOO_BUCKET, optional ZOO_EVENT_BUS, ZOO_CATALOG and endpoint overrides from {@code env}. */
    public RegistryHandler(Map<String, String> env) {
        this(env, CandidatePages.PAGE_SIZE);
    }

    /** With register_candidates pages of {@code pageSize} results (tests cross pages with a few). */
    RegistryHandler(Map<String, String> env, int pageSize) {
        this.registry = ModelRegistry.fromEnv(env);
        this.attempts = new AttemptLog(AwsClients.dynamoDb(env), ZooEnv.from(env).table());
        this.catalog = ZooCatalog.loadDefault(env);
        this.pageSize = pageSize;
    }

    @Override
    protected RegistryAnswer answer(RegistryRequest<?> request) {
        if (request instanceof RegistryRequest.Register register) {
            return register(register);
        } else if (request instanceof RegistryRequest.Promote promote) {
            return new RegistryAnswer.Promoted(VersionJson.of(registry.promote(promote.label(), promote.version(),
                    promote.executionId())));
        } else if (request instanceof RegistryRequest.ListCandidates list) {
            List<ModelVersion> candidates = list.executionId() == null ? registry.candidates()
                    : registry.candidates(list.executionId());
            return new RegistryAnswer.Candidates(candidates.stream().map(VersionJson::of).toList());
        }
        return registerTrainingResults((RegistryRequest.RegisterCandidates) request);
    }

    private RegistryAnswer.Registered register(RegistryRequest.Register request) {
        RunManifest manifest;
        if (request.manifest() != null) {
            try {
                manifest = ZooJson.mapper().convertValue(request.manifest(), RunManifest.class);
            } catch (IllegalArgumentException e) {
                throw new InvalidPayload("field 'manifest': not a run manifest: " + e.getMessage());
            }
        } else {
            String executionId = required(request.executionId(), "execution_id");
            String specId = required(request.specId(), "spec_id");
            manifest = readManifest(executionId, specId).orElseThrow(() -> new InvalidPayload(
                    "spec '" + specId + "': no manifest at " + manifestKey(executionId, specId)));
        }
        ModelVersion version;
        try {
            version = registry.register(manifest.toRegistration());
        } catch (IllegalArgumentException e) {
            throw new InvalidPayload(e.getMessage());
        }
        return new RegistryAnswer.Registered(VersionJson.of(version));
    }

    /** A field the register operation needs when no manifest is given. */
    private static String required(String value, String field) {
        if (value == null) {
            throw new InvalidPayload("field '" + field + "': missing (expected a non-empty string)");
        }
        return value;
    }

    /**
     * The training results of one execution, each spec's outcome settled: an OK spec registered (or why it could
     * not be), every spec's attempt recorded, earlier killed runs recovered, then any failure reported at once.
     */
    private RegistryAnswer.CandidatesRegistered registerTrainingResults(RegistryRequest.RegisterCandidates request) {
        String executionId = request.executionId();
        List<TrainingResult> results = request.results();
        CandidatePages.Page page = CandidatePages.page(request.cursor(), results.size(), pageSize);
        Map<String, String> failures = new LinkedHashMap<>();
        List<Map<String, Object>> registered = new ArrayList<>();
        for (int i = page.from(); i < page.to(); i++) {
            TrainingResult item = results.get(i);
            String specId = item.specId();
            switch (item.status()) {
                case FAILED -> failures.put(specId, "training failed: " + describeError(item.error()));
                case OK -> {
                    SpecRegistration outcome = registerOne(executionId, specId);
                    if (outcome.version() != null) {
                        stampSettledCost(outcome.version().versionId(), item);
                        registered.add(VersionJson.reference(outcome.version()));
                    } else {
                        failures.put(specId, outcome.failure());
                    }
                }
            }
        }
        recordAttempts(executionId, results.subList(page.from(), page.to()), failures);
        if (!page.last()) {
            return RegistryAnswer.CandidatesRegistered.next(page.to());
        }
        if (page.from() > 0) {
            CandidatePages.Earlier earlier = new CandidatePages(registry, attempts, catalog.quarantineAfter())
                    .earlier(executionId, results.subList(0, page.from()));
            registered.addAll(0, earlier.registered());
            Map<String, String> all = new LinkedHashMap<>(earlier.failures());
            all.putAll(failures);
            failures = all;
        }
        // before reporting this run's failures: a killed earlier run's candidates are registered either way
        List<Map<String, Object>> recovered = new OrphanRuns(registry).registerAll(executionId).stream()
                .map(OrphanRuns::describe).toList();
        LOG.info("execution {}: registered {}, failed {}, recovered from earlier runs {}", executionId,
                registered.stream().map(r -> r.get("version_id")).toList(), failures.keySet(), recovered);
        if (!failures.isEmpty()) {
            throw new SpecsFailed(failures, registered);
        }
        return page.paged() ? new RegistryAnswer.CandidatesRegistered(registered, recovered, page.to(), true)
                : new RegistryAnswer.CandidatesRegistered(registered, recovered, null, null);
    }

    /**
     * One attempt per spec of this execution into its attempt summary (idempotent, so a retried step counts
     * nothing twice); a failure that reaches the catalog's quarantine_after is marked in {@code failures}. Runs
     * after every registration: an attempt that cannot be recorded fails the step, whose retry registers nothing
     * twice.
     */
    private void recordAttempts(String executionId, List<TrainingResult> results, Map<String, String> failures) {
        for (TrainingResult result : results) {
            String specId = result.specId();
            Optional<ModelSpec> spec = catalog.spec(specId);
            if (spec.isEmpty()) {
                LOG.warn("spec {} of execution {} is not in the catalog; its attempt is not recorded", specId,
                        executionId);
                continue;
            }
            String failure = failures.get(specId);
            SpecAttempts now = attempts.record(executionId, specId, SpecFingerprint.of(spec.get()),
                    failure == null ? SpecAttempts.Outcome.OK : SpecAttempts.Outcome.FAILED, failure);
            if (failure != null) {
                failures.put(specId, failure + quarantineNote(now, catalog.quarantineAfter()));
            }
        }
    }

    /** What a failure adds when it quarantined the spec, else nothing. */
    static String quarantineNote(SpecAttempts summary, int quarantineAfter) {
        return summary.consecutiveFailures() < quarantineAfter ? "" : "; now quarantined after "
                + summary.consecutiveFailures() + " failures in a row: rotation skips it until a run of it succeeds"
                + " or its catalog entry changes";
    }

    /**
     * A Saturday result's ledger settlement ({"allocation": {"allocation_id"}, "settlement": {"settled_usd"}}),
     * stamped on its version as on-demand stamps its own; a result without one (unsettled) keeps the version as is.
     */
    private void stampSettledCost(String versionId, TrainingResult result) {
        String allocation = result.allocation() == null ? null : result.allocation().allocationId();
        String settled = result.settlement() == null ? null : result.settlement().settledUsd();
        if (allocation == null || settled == null) {
            return;
        }
        try {
            registry.recordSettledCost(versionId, allocation, new java.math.BigDecimal(settled));
        } catch (RuntimeException e) {
            LOG.warn("version {}: settled cost of allocation {} not stamped: {}", versionId, allocation,
                    e.getMessage());
        }
    }

    /** A trained spec's registration: the version, or why there is none. */
    private record SpecRegistration(ModelVersion version, String failure) {
        static SpecRegistration failed(String why) {
            return new SpecRegistration(null, why);
        }
    }

    /** Registers one trained spec; a failure is returned, not thrown, so the other specs still register. */
    private SpecRegistration registerOne(String executionId, String specId) {
        try {
            Optional<RunManifest> manifest = readManifest(executionId, specId);
            if (manifest.isEmpty()) {
                return SpecRegistration.failed("trained but no manifest at " + manifestKey(executionId, specId));
            }
            if (!executionId.equals(manifest.get().executionId()) || !specId.equals(manifest.get().specId())) {
                return SpecRegistration.failed("manifest at " + manifestKey(executionId, specId) + " is for execution '"
                        + manifest.get().executionId() + "', spec '" + manifest.get().specId() + "'");
            }
            return new SpecRegistration(registry.register(manifest.get().toRegistration()), null);
        } catch (IllegalArgumentException | IllegalStateException | RegistryException | UncheckedIOException e) {
            LOG.warn("spec {} of execution {} not registered: {}", specId, executionId, e.getMessage());
            return SpecRegistration.failed("not registered: " + e.getMessage());
        }
    }

    private Optional<RunManifest> readManifest(String executionId, String specId) {
        return registry.artifacts().readRunManifest(executionId, specId);
    }

    private String manifestKey(String executionId, String specId) {
        return "s3://" + registry.artifacts().bucket() + "/" + ArtifactStore.runPrefix(executionId, specId)
                + ArtifactStore.MANIFEST_FILE;
    }

    /** The Map state's Catch gives {"Error", "Cause"}; keep it short enough for a notification. */
    static String describeError(Object error) {
        if (error == null) {
            return "no error recorded";
        }
        if (error instanceof Map<?, ?> m && m.containsKey("Error")) {
            return shortened(m.get("Error") + (m.get("Cause") == null ? ""
                    : ": " + jobStatusReason(m.get("Cause").toString())));
        }
        if (error instanceof String text) {
            // the item's "Error: Cause", as the definition formats it
            int json = text.indexOf(": {");
            return shortened(json < 0 ? text : text.substring(0, json + 2) + jobStatusReason(text.substring(json + 2)));
        }
        return Payload.show(error);
    }

    private static String shortened(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /**
     * A Batch task's cause is the whole job description (parameters, command, ...): its StatusReason says why it
     * failed in a line, so that comes first, with the job id; any other cause stays as it is.
     */
    static String jobStatusReason(String cause) {
        try {
            JsonNode job = ZooJson.mapper().readTree(cause);
            if (job != null && job.path("StatusReason").isTextual()) {
                return job.get("StatusReason").asText()
                        + (job.path("JobId").isTextual() ? " (job " + job.get("JobId").asText() + ")" : "");
            }
        } catch (JsonProcessingException notJson) {
            // a plain-text cause
        }
        return cause;
    }
}
