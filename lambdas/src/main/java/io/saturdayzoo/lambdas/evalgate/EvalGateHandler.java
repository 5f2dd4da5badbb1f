package io.saturdayzoo.lambdas.evalgate;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.gate.BacktestReport;
import io.saturdayzoo.core.gate.GatePolicy;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.shadow.ShadowMaturity;
import io.saturdayzoo.core.shadow.ShadowTrack;
import io.saturdayzoo.lambdas.common.ExecutionRequest;
import io.saturdayzoo.lambdas.common.TypedHandler;
import io.saturdayzoo.lambdas.evalgate.GateDecisions.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * EvalGate: the one writer of the gate's lifecycle changes. It judges every pending CANDIDATE of every label, from
 * whichever execution registered it (a failed, skipped or killed run's included): per label the newest candidate is
 * judged against the champion on the Backtest job's shared window ({@link BacktestReport}, decided by the catalog's
 * {@link GatePolicy}), and every older candidate of that label is SUPERSEDED by it. The winner becomes CHAMPION, or
 * PENDING_APPROVAL when its spec says {@code "promotion": "manual"}. A candidate with no backtest against the current
 * champion stays CANDIDATE and is reported WAITING (the next Saturday's backtest measures it). With the catalog's
 * {@code min_shadow_weeks} N > 0 ({@link ShadowMaturity}), a candidate sharing fewer than N shadow weeks with the
 * champion ({@link ShadowTrack}) is not judged either: it stays CANDIDATE, reported WAITING with the weeks it has and
 * needs; a mature one is judged by its backtest, and both versions' mean AUC over the shared weeks goes into the
 * decision and the version's gate record. Idempotent: a version already decided is not a candidate any more, so a
 * re-run finds nothing to write.
 * <p>In: {@link ExecutionRequest}. Out: {@link GateDecisions}.
 */
public final class EvalGateHandler extends TypedHandler<ExecutionRequest, GateDecisions> {

    public static final String PROMOTED = "PROMOTED";
    public static final String REJECTED = "REJECTED";
    public static final String SUPERSEDED = "SUPERSEDED";
    public static final String PENDING_APPROVAL = "PENDING_APPROVAL";
    public static final String WAITING = "WAITING";
    /** The decision's and the gate record's entry for the shared shadow weeks. */
    static final String SHADOW = "shadow";

    private static final Logger LOG = LoggerFactory.getLogger(EvalGateHandler.class);

    private final ModelRegistry registry;
    private final ZooCatalog catalog;
    private final ShadowTrack shadow;
    private final ShadowMaturity maturity;

    public EvalGateHandler() {
        this(System.getenv());
    }

    /** ZOO_TABLE, ZOO_BUCKET, optional ZOO_EVENT_BUS, ZOO_CATALOG and endpoint overrides. */
    public EvalGateHandler(Map<String, String> env) {
        this.registry = ModelRegistry.fromEnv(env);
        this.catalog = ZooCatalog.loadDefault(env);
        this.shadow = new ShadowTrack(AwsClients.dynamoDb(env), ZooEnv.from(env).table());
        this.maturity = new ShadowMaturity(catalog.minShadowWeeks());
    }

    @Override
    protected GateDecisions answer(ExecutionRequest request) {
        String executionId = request.executionId();
        BacktestReport report = registry.artifacts().getJson(BacktestReport.key(executionId), BacktestReport.class)
                .orElse(new BacktestReport(executionId, List.of()));
        List<Decision> decisions = new ArrayList<>();
        for (String label : registry.latestVersions().keySet()) {
            List<ModelVersion> pending = registry.versions(label).stream()
                    .filter(v -> v.lifecycle() == Lifecycle.CANDIDATE)
                    .sorted(Comparator.comparingInt(ModelVersion::versionNumber).reversed())
                    .toList();
            if (pending.isEmpty()) {
                continue;
            }
            ModelVersion newest = pending.get(0);
            decisions.add(judge(newest, report, executionId));
            for (ModelVersion older : pending.subList(1, pending.size())) {
                String reason = "replaced by the newer candidate " + newest.versionId() + ", judged in its place";
                registry.lifecycle().supersede(label, older.versionNumber(), reason, executionId);
                decisions.add(decision(older, SUPERSEDED, newest.versionId(), reason, null));
            }
        }
        decisions.forEach(d -> LOG.info("{} {}: {}", d.versionId(), d.decision(), d.reason()));
        return new GateDecisions(decisions);
    }

    private Decision judge(ModelVersion candidate, BacktestReport report, String executionId) {
        Optional<ModelVersion> champion = registry.champion(candidate.label());
        boolean manual = catalog.spec(candidate.specId()).map(ModelSpec::manualPromotion).orElse(false);
        if (champion.isEmpty()) {
            String reason = "no champion yet for label '" + candidate.label() + "'";
            Map<String, Object> gate = gateRecord(executionId, null, null, manual ? PENDING_APPROVAL : PROMOTED,
                    reason);
            return win(candidate, manual, reason, gate, executionId, null);
        }
        String championId = champion.get().versionId();
        Map<String, Object> shared = null;
        if (maturity.minShadowWeeks() > 0) {
            ShadowTrack.Shared weeks = shadow.shared(candidate.versionId(), championId);
            shared = sharedRecord(weeks);
            if (!maturity.mature(weeks.weeks().size())) {
                String reason = candidate.versionId() + " " + maturity.waiting(weeks.weeks().size(), championId)
                        + (weeks.weeks().isEmpty() ? "" : " " + weeks.weeks()) + "; left CANDIDATE for the next gate";
                return decision(candidate, WAITING, championId, reason, Map.of(SHADOW, shared));
            }
        }
        Optional<BacktestReport.LabelBacktest> backtest = report.find(candidate.versionId(), championId);
        if (backtest.isEmpty()) {
            String reason = "no backtest of " + candidate.versionId() + " against champion " + championId + " in "
                    + BacktestReport.key(executionId) + "; left CANDIDATE for the next gate";
            return decision(candidate, WAITING, championId, reason, shared == null ? null : Map.of(SHADOW, shared));
        }
        GatePolicy.Verdict verdict = catalog.gate().judge(backtest.get());
        String decision = !verdict.candidateWins() ? REJECTED : manual ? PENDING_APPROVAL : PROMOTED;
        Map<String, Object> gate = gateRecord(executionId, backtest.get(), shared, decision, verdict.reason());
        if (verdict.candidateWins()) {
            return win(candidate, manual, verdict.reason(), gate, executionId, championId);
        }
        registry.lifecycle().reject(candidate.label(), candidate.versionNumber(), verdict.reason(), executionId, gate);
        return decision(candidate, REJECTED, championId, verdict.reason(), gate);
    }

    private Decision win(ModelVersion candidate, boolean manual, String reason, Map<String, Object> gate,
                         String executionId, String championId) {
        if (manual) {
            String why = reason + "; promotion is manual: awaiting approval";
            registry.lifecycle().awaitApproval(candidate.label(), candidate.versionNumber(), why, executionId, gate);
            return decision(candidate, PENDING_APPROVAL, championId, why, gate);
        }
        registry.lifecycle().promote(candidate.label(), candidate.versionNumber(), reason, executionId, gate);
        return decision(candidate, PROMOTED, championId, reason, gate);
    }

    /** The shadow weeks a candidate shares with the champion, both mean AUCs over them, and the rule's minimum. */
    private Map<String, Object> sharedRecord(ShadowTrack.Shared weeks) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("min_shadow_weeks", maturity.minShadowWeeks());
        out.put("shared_weeks", weeks.weeks());
        out.put("candidate_mean_auc", weeks.meanAucA());
        out.put("champion_mean_auc", weeks.meanAucB());
        return out;
    }

    /**
     * What the version keeps of its judgement: the policy, the shared window and both scores, the shared shadow
     * weeks (when the maturity rule is on), verdict and reason.
     */
    private Map<String, Object> gateRecord(String executionId, BacktestReport.LabelBacktest backtest,
                                           Map<String, Object> shared, String verdict, String reason) {
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("execution_id", executionId);
        gate.put("verdict", verdict);
        gate.put("reason", reason);
        gate.put(GatePolicy.MIN_DELTA, catalog.gate().minDelta());
        gate.put(GatePolicy.MIN_ROWS, catalog.gate().minRows());
        if (backtest != null) {
            gate.put("backtest", backtest);
        }
        if (shared != null) {
            gate.put(SHADOW, shared);
        }
        return io.saturdayzoo.core.json.ZooJson.mapper().convertValue(gate, Map.class);
    }

    private static Decision decision(ModelVersion v, String decision, String championId, String reason,
                                     Map<String, Object> gate) {
        return Decision.of(v, decision, championId, reason, gate);
    }
}
