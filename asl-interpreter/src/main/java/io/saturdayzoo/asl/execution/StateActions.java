package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.definition.ChoiceState;
import io.saturdayzoo.asl.definition.FailState;
import io.saturdayzoo.asl.definition.MapState;
import io.saturdayzoo.asl.definition.ParallelState;
import io.saturdayzoo.asl.definition.PassState;
import io.saturdayzoo.asl.definition.StateDefinition;
import io.saturdayzoo.asl.definition.SucceedState;
import io.saturdayzoo.asl.definition.TaskState;
import io.saturdayzoo.asl.definition.WaitState;

/** Which class executes which state type: one line per type. */
final class StateActions {
    private final PassAction pass = new PassAction();
    private final TaskAction task = new TaskAction();
    private final ChoiceAction choice = new ChoiceAction();
    private final WaitAction waitAction = new WaitAction();
    private final SucceedAction succeed = new SucceedAction();
    private final FailAction fail = new FailAction();
    private final ParallelAction parallel = new ParallelAction();
    private final InlineMapAction inlineMap = new InlineMapAction();
    private final DistributedMapAction distributedMap = new DistributedMapAction();

    StateAction.Outcome execute(StateDefinition state, StateAction.Attempt attempt) {
        return switch (state.type()) {
            case Pass -> pass.execute((PassState) state, attempt);
            case Task -> task.execute((TaskState) state, attempt);
            case Choice -> choice.execute((ChoiceState) state, attempt);
            case Wait -> waitAction.execute((WaitState) state, attempt);
            case Succeed -> succeed.execute((SucceedState) state, attempt);
            case Fail -> fail.execute((FailState) state, attempt);
            case Parallel -> parallel.execute((ParallelState) state, attempt);
            case Map -> ((MapState) state).isDistributed() ? distributedMap.execute((MapState) state, attempt)
                    : inlineMap.execute((MapState) state, attempt);
        };
    }
}
