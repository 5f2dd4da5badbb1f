package io.saturdayzoo.infra.statemachine;

import java.util.Map;

import io.saturdayzoo.infra.config.TrainingFanOut;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.MapBase;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * A training pass's Map in the stack's fan-out mode ({@link TrainingFanOut}): inline, or distributed with each item
 * a STANDARD child execution (Batch's .sync integration is not available to EXPRESS children, which also stop at five
 * minutes). Both take the same items, item input, concurrency and result; both tolerate no failed item (every item
 * Task catches States.ALL, so a spec's failure is its result; whatever still escapes an item fails the Map, as an
 * inline Map fails on an item's uncaught error).
 */
final class TrainingMaps {

    private TrainingMaps() {
    }

    static MapBase build(Construct scope, String name, TrainingFanOut fanOut, String itemsPath,
                         Map<String, Object> itemSelector, int maxConcurrency, String resultPath,
                         IChainable itemProcessor) {
        if (fanOut.distributed()) {
            DistributedMap map = DistributedMap.Builder.create(scope, name)
                    .itemsPath(itemsPath)
                    .itemSelector(itemSelector)
                    .maxConcurrency(maxConcurrency)
                    .resultPath(resultPath)
                    .mapExecutionType(StateMachineType.STANDARD)
                    .toleratedFailureCount(0)
                    // names the Map Run and its children; CDK scopes the role's RedriveExecution to this label
                    .label(name)
                    .build();
            map.itemProcessor(itemProcessor);
            return map;
        }
        software.amazon.awscdk.services.stepfunctions.Map map =
                software.amazon.awscdk.services.stepfunctions.Map.Builder.create(scope, name)
                        .itemsPath(itemsPath)
                        .itemSelector(itemSelector)
                        .maxConcurrency(maxConcurrency)
                        .resultPath(resultPath)
                        .build();
        map.itemProcessor(itemProcessor);
        return map;
    }

    /** The Map's Catch (Map and DistributedMap each declare addCatch; their common base does not). */
    static void addCatch(MapBase map, IChainable handler, CatchProps props) {
        if (map instanceof DistributedMap distributed) {
            distributed.addCatch(handler, props);
        } else {
            ((software.amazon.awscdk.services.stepfunctions.Map) map).addCatch(handler, props);
        }
    }
}
