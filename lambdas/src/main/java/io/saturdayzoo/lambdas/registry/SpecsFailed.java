package io.saturdayzoo.lambdas.registry;

import io.saturdayzoo.lambdas.common.HandlerError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Some specs of the run did not produce a registered version. Raised only after every other spec was registered,
 * so the failure marks the branch FAILED without losing the specs that did train.
 */
public final class SpecsFailed extends HandlerError {

    private final Map<String, String> failures;
    private final List<Map<String, Object>> registered;

    /**
     * @param failures   spec id -> why it failed, in item order
     * @param registered what was registered despite the failures (the handler's normal output items)
     */
    public SpecsFailed(Map<String, String> failures, List<Map<String, Object>> registered) {
        super(message(failures, registered));
        this.failures = new LinkedHashMap<>(failures);
        this.registered = List.copyOf(registered);
    }

    private static String message(Map<String, String> failures, List<Map<String, Object>> registered) {
        return failures.size() + " spec" + (failures.size() == 1 ? "" : "s") + " failed: "
                + failures.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining("; "))
                + ". Registered: " + (registered.isEmpty() ? "none"
                : registered.stream().map(r -> String.valueOf(r.get("version_id"))).collect(Collectors.joining(", ")));
    }

    public List<String> failedSpecIds() {
        return List.copyOf(failures.keySet());
    }

    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    public List<Map<String, Object>> registered() {
        return registered;
    }
}
