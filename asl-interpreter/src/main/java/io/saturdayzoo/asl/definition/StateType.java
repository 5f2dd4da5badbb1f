package io.saturdayzoo.asl.definition;

/** The eight state types of the Amazon States Language. */
public enum StateType {
    Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map;

    /** Types that transition with Next or stop with End (Choice, Succeed and Fail decide differently). */
    public boolean usesNextOrEnd() {
        return this != Choice && this != Succeed && this != Fail;
    }
}
