package io.saturdayzoo.infra.lambdas;

import io.saturdayzoo.core.aws.ZooEnv;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.infra.config.OnDemandContext;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.definition.LocalNames;
import io.saturdayzoo.infra.registry.ZooRegistry;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The thin handlers of lambdas/, deployed from the shaded jar. Each function has its own role holding only the
 * actions its handler uses on only its resources, its own log group, and a {@code live} alias on a published version
 * so SnapStart applies (the state machine invokes the alias).
 */
public final class ZooLambdas extends Construct {

    public static final String ALIAS_NAME = "live";

    private final Map<ZooFunction, Alias> aliases = new EnumMap<>(ZooFunction.class);
    private final Map<ZooFunction, Role> roles = new EnumMap<>(ZooFunction.class);
    private final ZooRegistry registry;
    private final HandlerJar handlers;
    private final OnDemandSettings onDemand;

    public ZooLambdas(Construct scope, String id, Path lambdaJar, ZooRegistry registry, SaturdaySettings settings) {
        super(scope, id);
        this.registry = registry;
        this.handlers = HandlerJar.open(lambdaJar);
        this.onDemand = OnDemandContext.fromContext(getNode()::tryGetContext, settings.maxVcpus());
        Code code = Code.fromAsset(lambdaJar.toString());

        for (ZooFunction function : ZooFunction.values()) {
            Map<String, String> environment = new TreeMap<>();
            environment.put(ZooEnv.TABLE, registry.table().getTableName());
            environment.put(ZooEnv.BUCKET, registry.bucket().getBucketName());
            environment.put(ZooEnv.DATA_PREFIX, settings.dataPrefix());
            environment.put(ZooEnv.DATA_MAX_AGE_HOURS, Integer.toString(settings.dataMaxAgeHours()));
            environment.put("POWERTOOLS_SERVICE_NAME", "saturday-zoo");
            // Short-lived handlers: C1 only starts faster and SnapStart restores the warmed-up state anyway.
            environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
            if (publishesRegistryEvents(function)) {
                environment.put(ZooEnv.EVENT_BUS, registry.eventBus().getEventBusName());
            }
            if (keepsTheLedger(function)) {
                environment.putAll(onDemand.toEnv());
            }

            Construct scopeFor = new Construct(this, function.functionName());
            LogGroup logGroup = LogGroup.Builder.create(scopeFor, "Logs")
                    .retention(RetentionDays.THREE_MONTHS)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            Role role = Role.Builder.create(scopeFor, "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("Saturday " + function.functionName() + " Lambda: only what its handler uses")
                    .build();
            logGroup.grantWrite(role);
            grantDataAccess(function, role);

            Function fn = Function.Builder.create(scopeFor, "Function")
                    .runtime(Runtime.JAVA_21)
                    .code(code)
                    .handler(handlers.handlerFor(function.handlerClassSimpleName()))
                    .memorySize(1024)
                    .timeout(timeoutOf(function))
                    .role(role)
                    .logGroup(logGroup)
                    .tracing(Tracing.ACTIVE)
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .environment(environment)
                    .description("Saturday state machine: " + function.functionName())
                    .build();
            Alias alias = Alias.Builder.create(scopeFor, "Live")
                    .aliasName(ALIAS_NAME)
                    .version(fn.getCurrentVersion())
                    .build();
            // The state machine invokes the alias, i.e. a published version: SnapStart applies.
            Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "published through the '" + ALIAS_NAME + "' alias the state machine invokes");
            LocalNames.tag(alias, LocalNames.lambdaFunction(function.functionName()));
            LocalNames.tag(fn, LocalNames.lambdaFunction(function.functionName()));
            aliases.put(function, alias);
            roles.put(function, role);

            NagSuppressions.addResourceSuppressions(role, List.of(
                    NagPackSuppression.builder()
                            .id("AwsSolutions-IAM5")
                            .reason("X-Ray accepts trace segments only on resource '*'; log writes are scoped to this "
                                    + "function's own log group streams; CDK's S3 grants scope object actions to the "
                                    + "key prefixes this handler owns (Preflight reads the whole bucket).")
                            .build()), true);
            NagSuppressions.addResourceSuppressions(fn, List.of(
                    NagPackSuppression.builder()
                            .id("AwsSolutions-L1")
                            .reason("Java 21 is the newest Java runtime that SnapStart and the project's Java 17 "
                                    + "bytecode are verified on; raising it is a deliberate upgrade.")
                            .build()));
        }
    }

    /** The alias the state machine invokes (SnapStart only applies to published versions). */
    public IFunction function(ZooFunction function) {
        return aliases.get(function);
    }

    /** Every name under which the handler error class {@code simpleClassName} can reach a Catch. */
    public List<String> errorNames(String simpleClassName) {
        return handlers.errorNames(simpleClassName);
    }

    public Role role(ZooFunction function) {
        return roles.get(function);
    }

    /** The price table, budget and limits the on-demand handlers were given. */
    public OnDemandSettings onDemand() {
        return onDemand;
    }

    private static boolean publishesRegistryEvents(ZooFunction function) {
        // Registration emits ModelVersionRegistered, promotion emits ChampionPromoted, a recorded on-demand
        // training ModelVersionTrained.
        return function == ZooFunction.REGISTRY || function == ZooFunction.EVAL_GATE
                || function == ZooFunction.TRAINING_LEDGER;
    }

    private static boolean keepsTheLedger(ZooFunction function) {
        return function == ZooFunction.PLAN_TRAINING || function == ZooFunction.TRAINING_LEDGER
                || function == ZooFunction.BATCH_JOB_EVENTS;
    }

    private static Duration timeoutOf(ZooFunction function) {
        return switch (function) {
            case VALIDATE_INPUT, BATCH_JOB_EVENTS -> Duration.seconds(30);
            case PREFLIGHT, SELECT_ROTATION, SUMMARIZE_RESEARCH, PLAN_TRAINING, TRAINING_LEDGER -> Duration.minutes(2);
            case REGISTRY, EVAL_GATE -> Duration.minutes(5);
        };
    }

    /**
     * Each handler's data reach, through the registry's grants; the registry writers are the only writers of versions
     * and pointers (SummarizeResearch may only put new items: the shadow scores).
     */
    private void grantDataAccess(ZooFunction function, Role role) {
        switch (function) {
            case VALIDATE_INPUT -> {
                // Pure validation of the execution input: no data access.
            }
            case PREFLIGHT -> {
                // Reachability, freshness and artifact checks only: nothing that writes, by design (the Friday dry run).
                registry.grantBucketRead(role);
                registry.grantRegistryRead(role);
            }
            case SELECT_ROTATION -> registry.grantRegistryRead(role);
            case SUMMARIZE_RESEARCH -> {
                registry.grantResearchReportsRead(role);
                // Records the report's shadow scores: conditional puts of new SHADOW items, no read, no update.
                registry.grantNewItemPuts(role);
            }
            case REGISTRY -> {
                registry.grantRegistryWrite(role);
                // Registration copies a run's outputs to the version's home and the dated archive.
                registry.grantRunOutputsRead(role);
                registry.grantModelsRead(role);
                registry.grantArtifactPublish(role);
            }
            case EVAL_GATE -> {
                registry.grantRegistryWrite(role);
                registry.grantResearchReportsRead(role); // the Backtest job's report it decides from
            }
            // Reads the registry (parent, champion) and the ledger's budget row; the datasets' read is the stack's.
            case PLAN_TRAINING -> registry.grantRegistryRead(role);
            // The ledger's transactions (Put, Update), the version row's cost stamp and ModelVersionTrained.
            case TRAINING_LEDGER -> registry.grantRegistryWrite(role);
            // Settles or releases an allocation a Batch job's end names.
            case BATCH_JOB_EVENTS -> registry.grantLedgerClose(role);
        }
    }
}
