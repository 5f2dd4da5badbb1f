package io.saturdayzoo.local.cli;

import io.saturdayzoo.core.registry.LifecycleChanges;
import io.saturdayzoo.core.registry.ModelVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The people-in-the-loop commands: promote, reject, rollback and audit, each one conditional transaction with its
 * audit row through {@link LifecycleChanges}, on the local registry or the deployed one ({@link RegistryTarget}).
 */
final class LifecycleCommands {
    private LifecycleCommands() {
    }

    /** What a command does once the registry is open; returns the line it prints. */
    private interface Change {
        String apply(LifecycleChanges lifecycle, String by);
    }

    private static int run(CommandLine.Model.CommandSpec spec, RegistryTarget target, Change change) throws Exception {
        try (RegistryTarget.Opened opened = target.open()) {
            spec.commandLine().getOut().println(change.apply(opened.registry().lifecycle(), opened.by()));
            spec.commandLine().getOut().flush();
        }
        return SaturdayCli.OK;
    }

    private static String moved(ModelVersion v, String by) {
        return v.versionId() + " is " + v.lifecycle() + " (by " + by + "): " + v.lifecycleReason();
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Makes a CANDIDATE or PENDING_APPROVAL version its label's champion (the champion it "
                    + "replaces is RETIRED), with an audit row and an event.")
    static final class Promote implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryTarget target;
        @Parameters(index = "0", paramLabel = "VERSION", description = "The version, e.g. churn#v3.")
        String version;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit row.")
        String reason;

        @Override
        public Integer call() throws Exception {
            ModelVersion.Ref ref = RegistryTarget.version(version);
            return run(spec, target, (lifecycle, by) -> moved(lifecycle.promote(ref.label(), ref.number(), reason, by,
                    null), by));
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Marks a CANDIDATE or PENDING_APPROVAL version REJECTED, with an audit row and an event.")
    static final class Reject implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryTarget target;
        @Parameters(index = "0", paramLabel = "VERSION", description = "The version, e.g. churn#v3.")
        String version;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit row.")
        String reason;

        @Override
        public Integer call() throws Exception {
            ModelVersion.Ref ref = RegistryTarget.version(version);
            return run(spec, target, (lifecycle, by) -> moved(lifecycle.reject(ref.label(), ref.number(), reason, by,
                    null), by));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Brings back the champion the current one replaced (RETIRED -> CHAMPION) and marks the "
                    + "current one ROLLED_BACK, in one transaction with audit rows and events.")
    static final class Rollback implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryTarget target;
        @Parameters(index = "0", paramLabel = "LABEL", description = "The label, e.g. churn.")
        String label;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit row.")
        String reason;

        @Override
        public Integer call() throws Exception {
            return run(spec, target, (lifecycle, by) -> moved(lifecycle.rollback(label, reason, by), by));
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "The audit trail of lifecycle changes: when, which version, from what to what, who, why.")
    static final class Audit implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryTarget target;
        @Parameters(index = "0", arity = "0..1", paramLabel = "LABEL", description = "Only this label.")
        String label;

        @Override
        public Integer call() throws Exception {
            return run(spec, target, (lifecycle, by) -> {
                List<LifecycleChanges.AuditEntry> rows = label == null ? lifecycle.audit() : lifecycle.audit(label);
                StringBuilder out = new StringBuilder();
                for (LifecycleChanges.AuditEntry e : rows) {
                    out.append(e.at()).append("  ").append(e.versionId()).append("  ").append(e.from()).append(" -> ")
                            .append(e.to()).append("  by ").append(e.by()).append(": ").append(e.reason()).append('\n');
                }
                return rows.isEmpty() ? "no lifecycle changes recorded" : out.toString().stripTrailing();
            });
        }
    }
}
