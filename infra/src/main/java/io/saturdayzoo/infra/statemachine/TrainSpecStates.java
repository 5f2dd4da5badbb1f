package io.saturdayzoo.infra.statemachine;

import io.saturdayzoo.core.json.OperationField;
import io.saturdayzoo.core.ledger.LedgerOperations;
import static io.saturdayzoo.infra.statemachine.StateNames.*;

import java.util.List;
import java.util.Map;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.NodeSize;
import io.saturdayzoo.core.ledger.AllocationId;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.infra.lambdas.ZooFunction;
import io.saturdayzoo.infra.spot.SpotEngine;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * How one rotation item trains: a spec trained by one machine as a Spot job, a spec with {@code "nodes"} >= 2 as a
 * multi-node parallel job of that many nodes, each of the spec's node size over the stack's default. Both end alike:
 * RecordSpecTrained, or RecordSpecFailed with the job's error, so one spec's failure never aborts its siblings.
 */
final class TrainSpecStates {
    /** Where a multi-node item's node size is put together: the stack's default, then the spec's own fields. */
    static final String NODE_DEFAULTS_PATH = "$.node_defaults";
    static final String NODE_SIZE_PATH = "$.node";
    private static final List<String> COMMAND = List.of("train", "--spec",
            BatchJobStates.ref(SaturdayDefinition.SPEC_ID_PARAMETER), "--execution-id",
            BatchJobStates.ref(SaturdayDefinition.EXECUTION_ID_PARAMETER));
    private static final Map<String, Object> JOB_PARAMETERS = SaturdayDefinition.ordered(
            SaturdayDefinition.SPEC_ID_PARAMETER, "$.spec.spec_id",
            SaturdayDefinition.EXECUTION_ID_PARAMETER, "$.execution_id");

    /** Where an item keeps its ledger allocation and settlement (the item selector seeds both empty). */
    static final String ALLOCATION_PATH = "$.allocation";
    static final String SETTLEMENT_PATH = "$.settlement";
    /** The first pass's command and parameters also carry the ledger allocation (the trainer records it). */
    private static final List<String> LEDGER_COMMAND = List.of("train", "--spec",
            BatchJobStates.ref(SaturdayDefinition.SPEC_ID_PARAMETER), "--execution-id",
            BatchJobStates.ref(SaturdayDefinition.EXECUTION_ID_PARAMETER), "--allocation-id",
            BatchJobStates.ref(AllocationId.JOB_PARAMETER));
    private static final Map<String, Object> LEDGER_JOB_PARAMETERS = SaturdayDefinition.ordered(
            SaturdayDefinition.SPEC_ID_PARAMETER, "$.spec.spec_id",
            SaturdayDefinition.EXECUTION_ID_PARAMETER, "$.execution_id",
            AllocationId.JOB_PARAMETER, ALLOCATION_PATH + ".allocation_id");

    private TrainSpecStates() {
    }

    /** One Spot training job of the item's spec, ending in {@code trained} or (caught) {@code failed}. */
    static CustomState spotJob(Construct scope, SaturdayDefinition.Targets targets, String taskName,
                               IChainable trained, IChainable failed) {
        CustomState trainSpec = BatchJobStates.submitAndWait(scope, taskName, SaturdayDefinition.BATCH_JOB_NAME_TRAIN,
                targets.jobQueueArn(), targets.trainerJobDefinitionArn(), COMMAND, JOB_PARAMETERS, "$.job");
        trainSpec.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        trainSpec.next(trained);
        return trainSpec;
    }

    /**
     * The item processor's first state: a Choice between the Spot job {@code taskName} and the multi-node route;
     * {@code trained} and {@code failed} are the item's two ends.
     */
    static IChainable build(Construct scope, SaturdayDefinition.Targets targets, SaturdaySettings settings,
                            String taskName, IChainable itemTrained, IChainable itemFailed) {
        // The ledger around the job: reserve the spec's estimate first (refused: the item fails, nothing launches),
        // settle from the job's real run time, release on the job's failure. A failed settle keeps the training
        // (the Batch event consumer settles the allocation from the job's end); a failed release keeps the error.
        // priced at the size the job really runs at: the trainer job definition's, or the nodes' for a multi-node spec
        SaturdaySettings.MultiNode multiNode = settings.multiNode();
        LambdaInvoke reserve = SaturdayDefinition.lambda(scope, RESERVE_TRAINING, targets, ZooFunction.TRAINING_LEDGER,
                SaturdayDefinition.ordered(OperationField.NAME, LedgerOperations.RESERVE_SPEC,
                        "execution_id", JsonPath.stringAt("$.execution_id"),
                        "caller", JsonPath.format("saturday:{}", JsonPath.stringAt("$.execution_id")),
                        "spec", JsonPath.objectAt("$.spec"),
                        "job_size", SaturdayDefinition.ordered(NodeSize.VCPUS, SpotEngine.JOB_VCPUS,
                                NodeSize.MEMORY_GIB, SpotEngine.JOB_MEMORY_GIB,
                                "wall_time_cap_minutes", SpotEngine.JOB_TIMEOUT_MINUTES),
                        "node_size", SaturdayDefinition.ordered(NodeSize.VCPUS, multiNode.nodeVcpus(),
                                NodeSize.MEMORY_GIB, multiNode.nodeMemoryGib())), ALLOCATION_PATH);
        reserve.addCatch(itemFailed, CatchProps.builder().resultPath("$.error").build());
        LambdaInvoke settle = SaturdayDefinition.lambda(scope, SETTLE_TRAINING, targets, ZooFunction.TRAINING_LEDGER,
                SaturdayDefinition.ordered(OperationField.NAME, LedgerOperations.SETTLE,
                        "allocation_id", JsonPath.stringAt(ALLOCATION_PATH + ".allocation_id"),
                        // the size the reservation priced the job at, as settle reads it from a plan
                        "plan", SaturdayDefinition.ordered(NodeSize.VCPUS, JsonPath.numberAt(ALLOCATION_PATH + ".vcpus"),
                                NodeSize.MEMORY_GIB, JsonPath.numberAt(ALLOCATION_PATH + ".memory_gib")),
                        "job", JsonPath.objectAt("$.job")), SETTLEMENT_PATH);
        settle.addCatch(itemTrained, CatchProps.builder().resultPath("$.settle_error").build());
        settle.next(itemTrained);
        LambdaInvoke release = SaturdayDefinition.lambda(scope, RELEASE_TRAINING, targets,
                ZooFunction.TRAINING_LEDGER, SaturdayDefinition.ordered(OperationField.NAME, LedgerOperations.RELEASE,
                        "allocation_id", JsonPath.stringAt(ALLOCATION_PATH + ".allocation_id"),
                        "reason", JsonPath.format("{}: {}", JsonPath.stringAt("$.error.Error"),
                                JsonPath.stringAt("$.error.Cause"))), "$.released");
        release.addCatch(itemFailed, CatchProps.builder().resultPath("$.release_error").build());
        release.next(itemFailed);
        IChainable trained = settle;
        IChainable failed = release;

        CustomState trainSpec = BatchJobStates.submitAndWaitTimed(scope, taskName,
                SaturdayDefinition.BATCH_JOB_NAME_TRAIN, targets.jobQueueArn(), targets.trainerJobDefinitionArn(),
                LEDGER_COMMAND, LEDGER_JOB_PARAMETERS, "$.job");
        trainSpec.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        trainSpec.next(trained);

        Pass nodeDefaults = Pass.Builder.create(scope, NODE_DEFAULTS)
                .result(Result.fromObject(SaturdayDefinition.ordered(
                        NodeSize.ITEM_VCPUS, Integer.toString(multiNode.nodeVcpus()),
                        NodeSize.ITEM_MEMORY_MIB, Long.toString(multiNode.nodeMemoryGib() * 1024L))))
                .resultPath(NODE_DEFAULTS_PATH)
                .build();
        String specNode = "$.spec." + ModelSpec.NODE;
        Pass sizeNodes = Pass.Builder.create(scope, SIZE_NODES)
                .parameters(SaturdayDefinition.ordered(
                        "execution_id", JsonPath.stringAt("$.execution_id"),
                        "spec", JsonPath.objectAt("$.spec"),
                        ALLOCATION_PATH.substring(2), JsonPath.objectAt(ALLOCATION_PATH),
                        SETTLEMENT_PATH.substring(2), JsonPath.objectAt(SETTLEMENT_PATH),
                        // the spec's own fields win; Step Functions cannot default a missing field any other way
                        NODE_SIZE_PATH.substring(2), JsonPath.jsonMerge(JsonPath.objectAt(NODE_DEFAULTS_PATH),
                                JsonPath.objectAt(specNode))))
                .build();
        CustomState trainOnNodes = BatchJobStates.submitNodesAndWait(scope, TRAIN_SPEC_ON_NODES,
                SaturdayDefinition.BATCH_JOB_NAME_TRAIN_NODES, targets.multiNodeJobQueueArn(),
                targets.multiNodeJobDefinitionArn(), targets.allNodes(), LEDGER_COMMAND, LEDGER_JOB_PARAMETERS,
                "$.spec." + ModelSpec.NODES, NODE_SIZE_PATH, "$.job");
        trainOnNodes.addCatch(failed, CatchProps.builder().resultPath("$.error").build());
        trainOnNodes.next(trained);
        nodeDefaults.next(sizeNodes);
        sizeNodes.next(trainOnNodes);

        String nodes = "$.spec." + ModelSpec.NODES;
        reserve.next(Choice.Builder.create(scope, ROUTE_BY_NODES).build()
                .when(Condition.and(Condition.isPresent(nodes), Condition.numberGreaterThan(nodes, 1)), nodeDefaults)
                .otherwise(trainSpec));
        return reserve;
    }
}
