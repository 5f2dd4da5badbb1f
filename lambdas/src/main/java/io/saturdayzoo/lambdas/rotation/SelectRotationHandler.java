package io.saturdayzoo.lambdas.rotation;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.events.EventPublishers;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryException;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.rotation.RotationPolicy;
import io.saturdayzoo.core.rotation.TrainingPasses;
import io.saturdayzoo.lambdas.common.ImpatientDynamoDb;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.ZooHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SelectRotation: which specs train this Saturday. Explicit spec_ids win; otherwise {@link RotationPolicy#select}
 * over the catalog and the registry's newest version per label. When the registry cannot be read (missing table,
 * timeout, throttling, connection refused) it logs a WARN with the cause and uses {@link RotationPolicy#fallback}:
 * training must not wait on the registry being healthy.
 * <p>In: {"execution_id", "budget": int|null, "spec_ids": [..]|null}.
 * <p>Out: {"selected": [{"spec_id", "label", "kind"}], "ensembles": [...], "spec_ids_joined": "a,b", "fallback": bool,
 * "budget": int}: the choice in its two training passes ({@link TrainingPasses}), the specs that fit on data (a
 * chosen ensemble's bases among them) and then the ensembles; spec_ids_joined names both passes as one string, for
 * the Friday dry run's Batch job (Step Functions cannot join a list). Reads only: the Friday dry run asks it too.
 * Unknown or retired spec_ids fail with error "UnknownSpecIds". A spec trained by several machines also has
 * "nodes" and "node", its node size in Batch's units (NodeSize).
 */
public final class SelectRotationHandler extends ZooHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SelectRotationHandler.class);

    private final ZooCatalog catalog;
    private final ModelRegistry registry;

    public SelectRotationHandler() {
        this(System.getenv());
    }

    public SelectRotationHandler(Map<String, String> env) {
        ZooEnv zoo = ZooEnv.from(env);
        this.catalog = ZooCatalog.loadDefault(env);
        // Short timeouts, two attempts: a sick registry costs seconds, then the fallback takes over.
        this.registry = new ModelRegistry(
                ImpatientDynamoDb.create(env, Duration.ofSeconds(2), Duration.ofSeconds(5), 2), zoo.table(),
                new ArtifactStore(AwsClients.s3(env), zoo.bucket()), EventPublishers.fromEnv(env));
    }

    @Override
    protected Map<String, Object> handle(Payload payload) {
        Optional<String> executionId = payload.optionalText("execution_id");
        int budget = payload.optionalPositiveInt("budget").orElse(catalog.budget());
        Optional<List<String>> specIds = payload.optionalTextList("spec_ids");

        List<ModelSpec> selected;
        boolean fallback = false;
        if (specIds.isPresent()) {
            selected = explicit(specIds.get());
        } else {
            Map<String, ModelVersion> latest;
            try {
                latest = registry.latestVersions();
                selected = RotationPolicy.select(catalog.specs(), latest, budget);
            } catch (RegistryException | SdkException e) {
                LOG.warn("registry unreachable, selecting by id order instead of staleness (execution {}): {}",
                        executionId.orElse("?"), rootCause(e));
                selected = RotationPolicy.fallback(catalog.specs(), budget);
                fallback = true;
            }
        }
        TrainingPasses passes = TrainingPasses.of(selected, catalog.specs());
        LOG.info("execution {} selected {} then ensembles {} (fallback={}, budget={})", executionId.orElse("?"),
                passes.models().stream().map(ModelSpec::id).toList(),
                passes.ensembles().stream().map(ModelSpec::id).toList(), fallback, budget);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("selected", passes.models().stream().map(SelectRotationHandler::item).toList());
        out.put("ensembles", passes.ensembles().stream().map(SelectRotationHandler::item).toList());
        out.put("spec_ids_joined", ModelSpec.joinIds(passes.all().stream().map(ModelSpec::id).toList()));
        out.put("fallback", fallback);
        out.put("budget", budget);
        return out;
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

    private static Map<String, Object> item(ModelSpec spec) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("spec_id", spec.id());
        item.put("label", spec.label());
        item.put("kind", spec.kind());
        if (spec.isMultiNode()) { // the state machine routes on these; a one-machine item stays as it was
            item.put(ModelSpec.NODES, spec.nodes());
            item.put(ModelSpec.NODE, spec.node().itemFields());
        }
        return item;
    }

    private static String rootCause(Throwable e) {
        StringBuilder chain = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            chain.append(" <- ").append(c);
        }
        return chain.toString();
    }
}
