package io.saturdayzoo.training.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.preflight.DataReadable;
import io.saturdayzoo.core.preflight.PreflightCheck;
import io.saturdayzoo.training.preflight.TrainerPreflight;
import io.saturdayzoo.training.run.Trainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code preflight --spec ID} (the same checks as {@code train --spec ID --preflight-only}) and
 * {@code preflight --spec-ids a,b,c}, the Friday dry run's job: each spec's kind, params, native library, bucket,
 * table and data (readable and fresh), with read-only calls. One JSON report on stdout; one stderr line per failed
 * spec, then one line naming them all; exit 1 if any failed.
 */
@Command(name = "preflight", description = "Checks config, catalog, native library, bucket, table and data "
        + "(readable and fresh) of one spec or several, with read-only calls. Trains nothing, writes nothing.")
final class PreflightCommand implements Callable<Integer> {
    @ParentCommand
    TrainerCli cli;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Specs specs;

    static final class Specs {
        @Option(names = "--spec", required = true, description = "Spec id from the zoo catalog.")
        String specId;

        @Option(names = "--spec-ids", required = true, description = "Spec ids from the zoo catalog, comma-separated "
                + "(the Friday dry run passes the rotation's choice).")
        String specIds;
    }

    @Option(names = "--execution-id", description = "State machine execution id, echoed in the report.")
    String executionId;

    @Override
    public Integer call() {
        if (executionId != null) {
            TrainerCli.keySegment("--execution-id", executionId);
        }
        if (specs.specId != null) {
            return run(cli, specs.specId);
        }
        List<String> ids = parseSpecIds(specs.specIds);
        Trainer trainer = new Trainer();
        List<Map<String, Object>> reports = new ArrayList<>();
        Map<String, List<PreflightCheck>> failed = new LinkedHashMap<>();
        for (String id : ids) {
            List<PreflightCheck> checks = checks(cli, trainer, id);
            boolean ok = checks.stream().allMatch(PreflightCheck::ok);
            if (!ok) {
                failed.put(id, checks);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("spec_id", id);
            report.put("ok", ok);
            report.put("checks", checks);
            reports.add(report);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ok", failed.isEmpty());
        report.put("execution_id", executionId);
        report.put("specs", reports);
        print(cli, report);
        failed.forEach((id, checks) -> cli.err.println("saturday-trainer: preflight failed: spec '" + id + "': "
                + failures(checks)));
        if (!failed.isEmpty()) {
            cli.err.println("saturday-trainer: preflight failed for " + failed.size() + " of " + ids.size()
                    + " specs: " + String.join(", ", failed.keySet()));
            return TrainerCli.FAILED;
        }
        return TrainerCli.OK;
    }

    /** One spec, the report as {@code train --preflight-only} has always printed it. */
    static int run(TrainerCli cli, String specId) {
        TrainerCli.keySegment("--spec", specId);
        List<PreflightCheck> checks = checks(cli, new Trainer(), specId);
        boolean ok = checks.stream().allMatch(PreflightCheck::ok);
        print(cli, Map.of("ok", ok, "spec_id", specId, "checks", checks));
        if (!ok) {
            cli.err.println("saturday-trainer: preflight failed: " + failures(checks));
            return TrainerCli.FAILED;
        }
        return TrainerCli.OK;
    }

    /** TrainerPreflight's checks, then, once the data is found, whether it can be read. */
    private static List<PreflightCheck> checks(TrainerCli cli, Trainer trainer, String specId) {
        List<PreflightCheck> checks = new ArrayList<>(new TrainerPreflight(cli.env, trainer).run(specId));
        boolean dataFound = checks.stream().anyMatch(c -> c.name().equals("data_freshness") && c.ok());
        Optional<ModelSpec> spec = dataFound ? ZooCatalog.loadDefault(cli.env).spec(specId) : Optional.empty();
        spec.ifPresent(s -> checks.add(DataReadable.check(s, AwsClients.s3(cli.env))));
        return checks;
    }

    private static List<String> parseSpecIds(String joined) {
        List<String> ids = ModelSpec.splitIds(joined);
        if (ids.stream().anyMatch(String::isEmpty)) {
            throw new BadInputException("--spec-ids: expected spec ids separated by '" + ModelSpec.ID_LIST_SEPARATOR
                    + "', got '" + joined + "'");
        }
        ids.forEach(id -> TrainerCli.keySegment("--spec-ids", id));
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    private static String failures(List<PreflightCheck> checks) {
        return checks.stream().filter(c -> !c.ok())
                .map(c -> c.name() + ": " + TrainerCli.oneLine(c.detail())).collect(Collectors.joining("; "));
    }

    private static void print(TrainerCli cli, Map<String, Object> report) {
        try {
            cli.out.println(ZooJson.mapper().writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
