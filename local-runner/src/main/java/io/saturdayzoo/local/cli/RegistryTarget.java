package io.saturdayzoo.local.cli;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.infra.SaturdayZooStack;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.localstores.EmbeddedStores;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.sts.StsClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which registry a registry command works on, and who it acts as: the local one (the .saturday data dir a
 * {@code run --local} wrote; the default) or the deployed one, named by flags or read from the stack's outputs
 * (CloudFormation DescribeStacks). Either way the command goes through the same {@link ModelRegistry} code the
 * Lambdas use. Who: {@code --by}, else the OS user locally and the caller identity's ARN on AWS.
 */
final class RegistryTarget {

    @Option(names = "--local", description = "Work on the local registry in --data-dir (the default).")
    boolean local;

    @Option(names = "--data-dir", defaultValue = ".saturday", paramLabel = "DIR",
            description = "The local registry's folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--stack", paramLabel = "NAME", description = "The deployed stack whose outputs name the table, "
            + "bucket and event bus (default " + SaturdayZooStack.STACK_ID + " when any AWS option is given).")
    String stack;

    @Option(names = "--table", paramLabel = "NAME", description = "The deployed registry table (instead of --stack).")
    String table;

    @Option(names = "--bucket", paramLabel = "NAME", description = "The deployed zoo bucket (with --table).")
    String bucket;

    @Option(names = "--event-bus", paramLabel = "NAME", description = "The deployed event bus (with --table).")
    String eventBus;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the SDK's chain).")
    String region;

    @Option(names = "--by", paramLabel = "WHO", description = "Who makes the change, for the audit row (default: the "
            + "OS user locally, the caller identity on AWS).")
    String by;

    /** An open registry and who acts on it; closing it stops the local stores. */
    record Opened(ModelRegistry registry, String by, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    boolean aws() {
        return stack != null || table != null || bucket != null || eventBus != null;
    }

    Opened open() {
        if (local && aws()) {
            throw new IllegalArgumentException("--local: not with --stack, --table, --bucket or --event-bus");
        }
        return aws() ? openAws() : openLocal();
    }

    private Opened openLocal() {
        if (!Files.isDirectory(dataDir.resolve("dynamodb"))) {
            throw new IllegalArgumentException("--data-dir: no local registry in " + dataDir.toAbsolutePath()
                    + " (run `saturday run --local` first)");
        }
        EmbeddedStores stores = EmbeddedStores.start(dataDir.toAbsolutePath());
        // lifecycle changes write the table only: any bucket name will do for the registry's artifact store
        ModelRegistry registry = ModelRegistry.fromEnv(
                ZooEnv.withStores(LocalSaturday.TABLE, LocalSaturday.DEFAULT_BUCKET, stores.awsEnv()));
        return new Opened(registry, by != null ? by : System.getProperty("user.name"), stores);
    }

    private Opened openAws() {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (region != null) {
            env.put("AWS_REGION", region);
        }
        if (table != null) {
            if (bucket == null) {
                throw new IllegalArgumentException("--bucket: required with --table");
            }
            put(env, table, bucket, eventBus);
        } else {
            Map<String, String> outputs = stackOutputs(stack != null ? stack : SaturdayZooStack.STACK_ID);
            put(env, outputs.get(SaturdayZooStack.OUTPUT_TABLE), outputs.get(SaturdayZooStack.OUTPUT_BUCKET),
                    eventBus != null ? eventBus : outputs.get(SaturdayZooStack.OUTPUT_EVENT_BUS));
        }
        return new Opened(ModelRegistry.fromEnv(env), by != null ? by : callerArn(), () -> { });
    }

    private static void put(Map<String, String> env, String table, String bucket, String bus) {
        env.put(ZooEnv.TABLE, table);
        env.put(ZooEnv.BUCKET, bucket);
        if (bus != null) {
            env.put(ZooEnv.EVENT_BUS, bus);
        }
    }

    private Map<String, String> stackOutputs(String name) {
        try (CloudFormationClient cfn = CloudFormationClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .applyMutation(b -> { if (region != null) { b.region(Region.of(region)); } }).build()) {
            List<Output> outputs = cfn.describeStacks(b -> b.stackName(name)).stacks().get(0).outputs();
            Map<String, String> out = new HashMap<>();
            outputs.forEach(o -> out.put(o.outputKey(), o.outputValue()));
            for (String key : List.of(SaturdayZooStack.OUTPUT_TABLE, SaturdayZooStack.OUTPUT_BUCKET)) {
                if (!out.containsKey(key)) {
                    throw new IllegalArgumentException("--stack: stack '" + name + "' has no output " + key
                            + " (outputs: " + out.keySet() + ")");
                }
            }
            return out;
        }
    }

    private String callerArn() {
        try (StsClient sts = StsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .applyMutation(b -> { if (region != null) { b.region(Region.of(region)); } }).build()) {
            return sts.getCallerIdentity().arn();
        }
    }

    /** "churn#v3" taken apart, the error naming the argument. */
    static io.saturdayzoo.core.registry.ModelVersion.Ref version(String argument) {
        try {
            return io.saturdayzoo.core.registry.ModelVersion.Ref.parse(argument);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VERSION: " + e.getMessage());
        }
    }

}
