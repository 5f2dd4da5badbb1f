package io.saturdayzoo.lambdas.rotation;

import io.saturdayzoo.core.attempts.AttemptLog;
import io.saturdayzoo.core.attempts.SpecFingerprint;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.events.EventPublishers;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryException;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.rotation.RotationPlan;
import io.saturdayzoo.core.rotation.RotationPolicy;
import io.saturdayzoo.core.rotation.TrainingPasses;
import io.saturdayzoo.lambdas.common.ImpatientDynamoDb;
import io.saturdayzoo.lambdas.common.TypedHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SelectRotation: which specs train this Saturday. Explicit spec_ids win; otherwise {@link RotationPolicy#plan}
 * over the catalog, the registry's newest version and champion per label and each spec's attempt summary: every
 * champion's spec retrains outside the budget, the budget picks the stalest challengers, a quarantined spec is
 * skipped with a WARN naming it and its last error. When the registry cannot be read (missing table,
 * timeout, throttling, connection refused) it logs a WARN with the cause and uses {@link RotationPolicy#fallback}:
 * training must not wait on the registry being healthy. Reads O(specs) items in batches, never a scan.
 * <p>In: {@link RotationRequest}. Out: {@link RotationChoice}, the choice in its two training passes
 * ({@link TrainingPasses}), a chosen ensemble's bases among the first; the quarantine line is "none" or
 * "a (quarantined: 3 failures, last: ...)". Reads only: the Friday dry run asks it too.
 * Unknown or retired spec_ids fail with error "UnknownSpecIds".
 */
public final class SelectRotationHandler extends TypedHandler<RotationRequest, RotationChoice> {

    static final String NAMED = "named in spec_ids";
    static final String NOT_NAMED = "not picked: not named in spec_ids";
    static final String FALLBACK = "fallback: id order (registry unreachable)";

    private static final Logger LOG = LoggerFactory.getLogger(SelectRotationHandler.class);

    private final ZooCatalog catalog;
    private final ModelRegistry registry;
    private final AttemptLog attempts;

    public SelectRotationHandler() {
        this(System.getenv());
    }

    public SelectRotationHandler(Map<String, String> env) {
        ZooEnv zoo = ZooEnv.from(env);
        this.catalog = ZooCatalog.loadDefault(env);
        // Short timeouts, two attempts: a sick registry costs seconds, then the fallback takes over.
        DynamoDbClient dynamo = ImpatientDynamoDb.create(env, Duration.ofSeconds(2), Duration.ofSeconds(5), 2);
        this.registry = new ModelRegistry(dynamo, zoo.table(),
                new ArtifactStore(AwsClients.s3(env), zoo.bucket()), EventPublishers.fromEnv(env));
        this.attempts = new AttemptLog(dynamo, zoo.table());
    }

    @Override
    protected RotationChoice answer(RotationRequest request) {
        Optional<String> executionId = Optional.ofNullable(request.executionId());
        int budget = request.budget() == null ? catalog.budget() : request.budget();
        Optional<List<String>> specIds = Optional.ofNullable(request.specIds());

        List<ModelSpec> selected;
        boolean fallback = false;
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> quarantined = Map.of();
        if (specIds.isPresent()) {
            selected = explicit(specIds.get());
            catalog.specs().forEach(s -> reasons.put(s.id(), NOT_NAMED));
            selected.forEach(s -> reasons.put(s.id(), NAMED));
        } else {
            try {
                Map<String, ModelVersion> latest = registry.latestVersions();
                RotationPlan plan = RotationPolicy.plan(catalog.specs(), latest, registry.champions(latest.keySet()),
                        attempts.summaries(catalog.activeSpecs().stream().map(ModelSpec::id).toList()),
                        SpecFingerprint::of, budget, catalog.quarantineAfter());
                selected = plan.selected();
                reasons.putAll(plan.reasons());
                quarantined = plan.quarantined();
                quarantined.forEach((spec, why) -> LOG.warn("execution {}: spec {} skipped by rotation, {}",
                        executionId.orElse("?"), spec, why));
            } catch (RegistryException | SdkException e) {
                LOG.warn("registry unreachable, selecting by id order instead of staleness (execution {}): {}",
                        executionId.orElse("?"), rootCause(e));
                selected = RotationPolicy.fallback(catalog.specs(), budget);
                fallback = true;
                catalog.specs().forEach(s -> reasons.put(s.id(), s.isActive() ? RotationPlan.NOT_PICKED_BUDGET
                        : RotationPlan.NOT_PICKED_RETIRED));
                selected.forEach(s -> reasons.put(s.id(), FALLBACK));
            }
        }
        TrainingPasses passes = TrainingPasses.of(selected, catalog.specs());
        LOG.info("execution {} selected {} then ensembles {} (fallback={}, budget={})", executionId.orElse("?"),
                passes.models().stream().map(ModelSpec::id).toList(),
                passes.ensembles().stream().map(ModelSpec::id).toList(), fallback, budget);

        for (ModelSpec ensemble : passes.ensembles()) {
            for (String base : ensemble.bases()) {
                if (!selected.stream().map(ModelSpec::id).toList().contains(base)) {
                    reasons.put(base, "base of " + ensemble.id());
                }
            }
        }

        return new RotationChoice(
                passes.models().stream().map(RotationChoice.Item::of).toList(),
                passes.ensembles().stream().map(RotationChoice.Item::of).toList(),
                ModelSpec.joinIds(passes.all().stream().map(ModelSpec::id).toList()),
                fallback,
                budget,
                reasons,
                quarantined.entrySet().stream()
                        .map(e -> new RotationChoice.Quarantined(e.getKey(), e.getValue())).toList(),
                fallback ? "not known (registry unreachable)" : quarantined.isEmpty() ? "none"
                        : quarantined.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                        .collect(java.util.stream.Collectors.joining("; ")));
    }

    /** The specs named, in the order given; every id must be an active spec of the catalog. */
    private List<ModelSpec> explicit(List<String> ids) {
        List<String> unknown = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        Map<String, ModelSpec> chosen = new LinkedHashMap<>();
        for (String id : ids) {
            Optional<ModelSpec> spec = catalog.spec(id);
            if (spec.isEmpty()) {
                unknown.add(id);
            } else if (!spec.get().isActive()) {
                retired.add(id);
            } else {
                chosen.putIfAbsent(id, spec.get());
            }
        }
        if (!unknown.isEmpty() || !retired.isEmpty()) {
            throw new UnknownSpecIds(unknown, retired, catalog.activeSpecs().stream().map(ModelSpec::id).toList());
        }
        return List.copyOf(chosen.values());
    }

    private static String rootCause(Throwable e) {
        StringBuilder chain = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            chain.append(" <- ").append(c);
        }
        return chain.toString();
    }
}
