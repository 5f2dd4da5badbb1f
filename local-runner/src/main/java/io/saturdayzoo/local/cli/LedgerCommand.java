package io.saturdayzoo.local.cli;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.CostLedger;
import io.saturdayzoo.core.ledger.LedgerAudit;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.SaturdayServices;
import io.saturdayzoo.localstores.EmbeddedStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code saturday ledger}: the period's budget, what is reserved and spent, each allocation and each request. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "The cost ledger of the local registry: budget, reserved, settled, allocations and the audit "
                + "rows of on-demand trainings.")
final class LedgerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = ".saturday", paramLabel = "DIR",
            description = "The local registry's folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--period", paramLabel = "YYYY-MM", description = "The month to show (default: this one, UTC).")
    String period;

    @Option(names = "--json", description = "Print the ledger as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dataDir.resolve("dynamodb"))) {
            throw new IllegalArgumentException("--data-dir: no local registry in " + dataDir.toAbsolutePath()
                    + " (run `saturday train --local` first)");
        }
        OnDemandSettings settings = OnDemandSettings.fromEnv(SaturdayServices.withOnDemandSettings(Map.of()));
        try (EmbeddedStores stores = EmbeddedStores.start(dataDir.toAbsolutePath())) {
            Map<String, String> env = ZooEnv.withStores(LocalSaturday.TABLE, LocalSaturday.DEFAULT_BUCKET, stores.awsEnv());
            CostLedger ledger = new CostLedger(AwsClients.dynamoDb(env), LocalSaturday.TABLE);
            String month = period != null ? period : ledger.currentPeriod();
            CostLedger.Statement statement = ledger.statement(month, settings.budgetUsd());
            List<Map<String, Object>> requests = new LedgerAudit(AwsClients.dynamoDb(env), LocalSaturday.TABLE)
                    .records(month);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? json(statement, requests) : render(statement, requests));
            out.flush();
        }
        return SaturdayCli.OK;
    }

    private static String json(CostLedger.Statement statement, List<Map<String, Object>> requests) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", statement.period());
        out.put("budget_usd", statement.budgetUsd().toPlainString());
        out.put("remaining_usd", statement.remainingUsd().toPlainString());
        out.put("reserved_usd", statement.reservedUsd().toPlainString());
        out.put("settled_usd", statement.settledUsd().toPlainString());
        out.put("allocations", statement.allocations());
        out.put("requests", requests);
        return ZooJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + System.lineSeparator();
    }

    private static String render(CostLedger.Statement s, List<Map<String, Object>> requests) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Ledger %s: budget %s USD, remaining %s, reserved %s, settled %s%n", s.period(),
                s.budgetUsd().toPlainString(), s.remainingUsd().toPlainString(), s.reservedUsd().toPlainString(),
                s.settledUsd().toPlainString()));
        out.append(String.format("%nAllocations (%d)%n", s.allocations().size()));
        for (Allocation a : s.allocations()) {
            out.append(String.format("  %-26s %-9s %-14s %-16s est %-9s settled %-9s %s%n", a.id(), a.state(),
                    a.caller(), a.specId(), a.estimatedUsd().toPlainString(),
                    a.settledUsd() == null ? "-" : a.settledUsd().toPlainString(),
                    a.reason() == null ? "" : a.reason()));
        }
        out.append(String.format("%nRequests (%d)%n", requests.size()));
        for (Map<String, Object> r : requests) {
            out.append(String.format("  %s %-8s %-14s %s%s%n", r.get(LedgerAudit.AT_FIELD), r.get(LedgerAudit.OUTCOME),
                    r.get(LedgerAudit.CALLER), r.get(LedgerAudit.REQUEST_ID),
                    r.containsKey(LedgerAudit.ERROR) ? "  " + r.get(LedgerAudit.ERROR) : ""));
        }
        return out.toString();
    }
}
