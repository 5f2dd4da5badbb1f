package io.saturdayzoo.asl.definition;

import java.util.List;
import java.util.Optional;

/** One entry of a state's Catch field. An absent ResultPath means "$"; an explicit null discards the error. */
public record Catcher(List<String> errorEquals, String next, Optional<String> resultPath) {
}
