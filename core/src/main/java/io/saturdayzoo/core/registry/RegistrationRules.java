package io.saturdayzoo.core.registry;

import java.util.Map;

/** What a registration must hold before anything is written; each refusal names the spec, the field and the value. */
final class RegistrationRules {

    private RegistrationRules() {
    }

    /** @throws IllegalArgumentException naming the field and the value */
    static void validate(Registration r) {
        if (r == null) {
            throw new IllegalArgumentException("registration: missing");
        }
        String who = "registration for spec '" + r.specId() + "'";
        requireText(r.executionId(), who, "execution_id");
        requireText(r.specId(), who, "spec_id");
        requireText(r.label(), who, "label");
        if (r.executionId().contains("/") || r.specId().contains("/") || r.label().contains("/")
                || r.label().contains("#")) {
            throw new IllegalArgumentException(who + ": execution_id, spec_id and label must not contain '/' "
                    + "(label also not '#'), got '" + r.executionId() + "', '" + r.specId() + "', '" + r.label() + "'");
        }
        if (r.datasetRef() == null) {
            throw new IllegalArgumentException(who + ": field 'dataset': missing");
        }
        if (r.parentVersion() != null) {
            ModelVersion.Ref parent;
            try {
                parent = ModelVersion.Ref.parse(r.parentVersion());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(who + ": field '" + RunManifest.PARENT_VERSION + "': "
                        + e.getMessage());
            }
            if (!parent.label().equals(r.label())) {
                throw new IllegalArgumentException(who + ": field '" + RunManifest.PARENT_VERSION + "': '"
                        + r.parentVersion() + "' is a version of label '" + parent.label() + "', not of '"
                        + r.label() + "'");
            }
        }
        if (r.startedAt() == null) {
            throw new IllegalArgumentException(who + ": field 'started_at': missing");
        }
        if (r.completedAt() == null) {
            throw new IllegalArgumentException(who + ": field 'completed_at': missing");
        }
        if (r.completedAt().isBefore(r.startedAt())) {
            throw new IllegalArgumentException(who + ": field 'completed_at': " + r.completedAt()
                    + " is before started_at " + r.startedAt());
        }
        validateMetrics(r, who);
        if (r.costEstimateUsd() != null && (!Double.isFinite(r.costEstimateUsd()) || r.costEstimateUsd() < 0)) {
            throw new IllegalArgumentException(who + ": field 'cost_estimate_usd': must be a finite number >= 0, got "
                    + r.costEstimateUsd());
        }
        for (int i = 0; i < r.baseVersions().size(); i++) {
            String base = r.baseVersions().get(i);
            try {
                ModelVersion.Ref.parse(base);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(who + ": field '" + RunManifest.BASE_VERSIONS + "[" + i + "]': "
                        + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, Object> param : r.params().entrySet()) {
            Object v = param.getValue();
            if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                throw new IllegalArgumentException(who + ": field 'params." + param.getKey()
                        + "': must be a number, string or boolean, got " + v);
            }
        }
    }

    private static void validateMetrics(Registration r, String who) {
        if (r.metrics().isEmpty()) {
            throw new IllegalArgumentException(who + ": field 'metrics': empty (at least one holdout metric required)");
        }
        for (Map.Entry<String, Double> metric : r.metrics().entrySet()) {
            Double value = metric.getValue();
            if (metric.getKey() == null || metric.getKey().isBlank()) {
                throw new IllegalArgumentException(who + ": field 'metrics': a metric has an empty name");
            }
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException(who + ": metric '" + metric.getKey() + "' must be a finite number, got "
                        + value);
            }
        }
    }

    static void requireText(String value, String who, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(who + ": field '" + field + "': missing");
        }
    }

    static String describe(Registration r) {
        return "spec '" + r.specId() + "' (label '" + r.label() + "', execution '" + r.executionId() + "')";
    }
}
