package io.saturdayzoo.lambdas.rotation;

import io.saturdayzoo.lambdas.common.HandlerError;

import java.util.List;

/** spec_ids named specs that do not exist in the catalog or are retired; nothing was selected. */
public final class UnknownSpecIds extends HandlerError {

    private final List<String> unknown;
    private final List<String> retired;

    public UnknownSpecIds(List<String> unknown, List<String> retired, List<String> active) {
        super(message(unknown, retired, active));
        this.unknown = List.copyOf(unknown);
        this.retired = List.copyOf(retired);
    }

    private static String message(List<String> unknown, List<String> retired, List<String> active) {
        StringBuilder m = new StringBuilder("field 'spec_ids':");
        if (!unknown.isEmpty()) {
            m.append(" unknown spec ids ").append(unknown).append(';');
        }
        if (!retired.isEmpty()) {
            m.append(" retired spec ids ").append(retired).append(';');
        }
        return m.append(" active spec ids are ").append(active).toString();
    }

    public List<String> unknown() {
        return unknown;
    }

    public List<String> retired() {
        return retired;
    }
}
