package io.saturdayzoo.asl.definition;

import java.util.List;

/** A definition that is not valid ASL; {@link #problems()} lists every problem found, each naming its state. */
public final class AslDefinitionException extends RuntimeException {
    private final List<String> problems;

    public AslDefinitionException(List<String> problems) {
        super("invalid state machine definition: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
