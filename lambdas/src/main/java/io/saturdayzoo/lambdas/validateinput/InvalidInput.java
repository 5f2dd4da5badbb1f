package io.saturdayzoo.lambdas.validateinput;

import io.saturdayzoo.lambdas.common.HandlerError;

import java.util.List;

/** The execution input is malformed; the message names each bad field and its value. Nothing has run yet. */
public final class InvalidInput extends HandlerError {

    private final List<String> problems;

    public InvalidInput(List<String> problems) {
        super("invalid execution input: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One entry per bad field, e.g. "field 'budget': expected a positive integer, got \"three\"". */
    public List<String> problems() {
        return problems;
    }
}
