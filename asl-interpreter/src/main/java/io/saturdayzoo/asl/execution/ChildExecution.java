package io.saturdayzoo.asl.execution;

/**
 * A child execution a Distributed Map started: which Map Run, which item, and its own outcome and history.
 *
 * @param mapState  the distributed Map state's name
 * @param mapRunArn the Map Run it belongs to (a Map retried, or entered again, starts a new Map Run)
 * @param index     the item's position in the Map's items
 */
public record ChildExecution(String mapState, String mapRunArn, int index, ExecutionResult result) {
}
