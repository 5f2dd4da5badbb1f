package io.saturdayzoo.core.ledger;

import io.saturdayzoo.core.registry.RegistryTable;
import io.saturdayzoo.core.registry.RegistryTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The cost ledger in the registry's table: a budget per period (calendar month, UTC) and one allocation per
 * training, reserved before anything launches and then settled at its real cost or released.
 * <pre>
 * LEDGER#{period} / BUDGET          budget_usd, remaining_usd, reserved_usd, settled_usd
 * LEDGER#{period} / ALLOC#{token}   one allocation ({@link Allocation}); its id is {@link AllocationId}
 * LEDGER#{period} / AUDIT#...       one immutable row per on-demand request ({@link LedgerAudit})
 * </pre>
 * A reservation is one transaction: the budget row's remaining_usd drops by the estimate on condition it covers
 * it, and the allocation row is put if absent, so two callers can never spend the same dollar. Settling and
 * releasing are conditional on the allocation still being RESERVED: whoever comes second (the state machine or
 * the Batch event consumer) changes nothing and gets the allocation as it stands.
 */
public final class CostLedger {

    static final String PK_PREFIX = "LEDGER#";
    static final String BUDGET_SK = "BUDGET";
    static final String ALLOC_PREFIX = "ALLOC#";
    private static final String REMAINING = "remaining_usd";

    private final RegistryTable registryTable;
    private final String table;
    private final Clock clock;

    public CostLedger(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public CostLedger(DynamoDbClient dynamo, String table, Clock clock) {
        this.registryTable = new RegistryTable(dynamo, table);
        this.table = table;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static String pk(String period) {
        return PK_PREFIX + period;
    }

    /** The period an allocation made now belongs to. */
    public String currentPeriod() {
        return AllocationId.period(clock.instant());
    }

    /** What the period still has: its budget row's remaining_usd, or the whole budget before its first reservation. */
    public BigDecimal remaining(String period, BigDecimal budgetUsd) {
        return budgetRow(period).map(row -> number(row, REMAINING)).orElse(budgetUsd);
    }

    /**
     * Fails with {@link BudgetExceeded} when {@code estimateUsd} is more than the period has left; writes nothing
     * (a dry run's check).
     */
    public void check(String period, BigDecimal budgetUsd, BigDecimal estimateUsd) {
        BigDecimal remaining = remaining(period, budgetUsd);
        if (remaining.compareTo(estimateUsd) < 0) {
            throw new BudgetExceeded(period, remaining, estimateUsd);
        }
    }

    /**
     * Reserves {@code estimateUsd} of the current period's budget for one training.
     *
     * @param budgetUsd the period's budget; fixed by the period's first reservation
     * @throws BudgetExceeded when the remaining budget cannot cover the estimate (nothing is written)
     */
    public Allocation reserve(BigDecimal budgetUsd, BigDecimal estimateUsd, String caller, String specId,
                              String executionId) {
        Instant now = clock.instant();
        return reserve(AllocationId.create(now), now, budgetUsd, estimateUsd, caller, specId, executionId, false);
    }

    /**
     * As {@link #reserve}, at most once per {@code key} in a period: a retry with the same key (a Task retried
     * after its first answer was lost) gets the first reservation back and the budget is charged once.
     */
    public Allocation reserveOnce(String key, BigDecimal budgetUsd, BigDecimal estimateUsd, String caller,
                                  String specId, String executionId) {
        Instant now = clock.instant();
        return reserve(AllocationId.keyed(now, key), now, budgetUsd, estimateUsd, caller, specId, executionId, true);
    }

    private Allocation reserve(AllocationId id, Instant now, BigDecimal budgetUsd, BigDecimal estimateUsd,
                               String caller, String specId, String executionId, boolean once) {
        openPeriod(id.period(), budgetUsd);
        Map<String, AttributeValue> alloc = new HashMap<>();
        alloc.put(RegistryTables.PK, s(pk(id.period())));
        alloc.put(RegistryTables.SK, s(ALLOC_PREFIX + id.token()));
        alloc.put("allocation_id", s(id.toString()));
        alloc.put("state", s(Allocation.State.RESERVED.name()));
        alloc.put("caller", s(caller));
        alloc.put("spec_id", s(specId));
        alloc.put("execution_id", s(executionId));
        alloc.put("estimated_usd", n(estimateUsd));
        alloc.put("reserved_at", s(now.toString()));
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(Update.builder().tableName(table).key(budgetKey(id.period()))
                        .updateExpression("ADD remaining_usd :minus, reserved_usd :plus")
                        .conditionExpression("remaining_usd >= :plus")
                        .expressionAttributeValues(Map.of(":plus", n(estimateUsd), ":minus", n(estimateUsd.negate())))
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(alloc)
                        .conditionExpression("attribute_not_exists(pk)").build()).build());
        try {
            registryTable.transact(writes);
        } catch (TransactionCanceledException e) {
            if (once && conditionFailed(e, 1)) {
                return allocation(id.toString()).orElseThrow();
            }
            if (conditionFailed(e, 0)) {
                throw new BudgetExceeded(id.period(), remaining(id.period(), budgetUsd), estimateUsd);
            }
            throw e;
        }
        return allocation(id.toString()).orElseThrow();
    }

    /**
     * Books the job's real cost and gives back the rest of the reservation. A second settlement or a release after
     * it changes nothing and returns the allocation as it stands.
     */
    public Allocation settle(String allocationId, BigDecimal costUsd, String jobId, Instant startedAt,
                             Instant stoppedAt) {
        Map<String, AttributeValue> extra = new HashMap<>();
        extra.put(":cost", n(costUsd));
        extra.put(":job", s(jobId == null ? "" : jobId));
        extra.put(":started", s(String.valueOf(startedAt)));
        extra.put(":stopped", s(String.valueOf(stoppedAt)));
        return close(allocationId, Allocation.State.SETTLED, costUsd,
                "settled_usd = :cost, job_id = :job, started_at = :started, stopped_at = :stopped", extra);
    }

    /** Gives the whole reservation back: the job failed, timed out, was aborted, or never launched. */
    public Allocation release(String allocationId, String reason) {
        return close(allocationId, Allocation.State.RELEASED, BigDecimal.ZERO, "reason = :reason",
                Map.of(":reason", s(reason == null || reason.isBlank() ? "released" : reason)));
    }

    private Allocation close(String allocationId, Allocation.State to, BigDecimal costUsd, String setFields,
                             Map<String, AttributeValue> fieldValues) {
        AllocationId id = AllocationId.parse(allocationId);
        Allocation current = allocation(allocationId).orElseThrow(() -> new IllegalArgumentException(
                "allocation_id: no allocation '" + allocationId + "' in the ledger"));
        if (current.state() != Allocation.State.RESERVED) {
            return current;
        }
        Map<String, AttributeValue> values = new HashMap<>(fieldValues);
        values.put(":to", s(to.name()));
        values.put(":reserved", s(Allocation.State.RESERVED.name()));
        values.put(":at", s(clock.instant().toString()));
        Map<String, AttributeValue> budgetValues = Map.of(
                ":back", n(current.estimatedUsd().subtract(costUsd)),
                ":unreserve", n(current.estimatedUsd().negate()),
                ":cost", n(costUsd));
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(key(pk(id.period()), ALLOC_PREFIX + id.token()))
                        .updateExpression("SET #state = :to, closed_at = :at, " + setFields)
                        .conditionExpression("#state = :reserved")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(values).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table).key(budgetKey(id.period()))
                        .updateExpression("ADD remaining_usd :back, reserved_usd :unreserve, settled_usd :cost")
                        .expressionAttributeValues(budgetValues).build()).build());
        try {
            registryTable.transact(writes);
        } catch (TransactionCanceledException e) {
            if (!conditionFailed(e, 0)) {
                throw e;
            }
            // closed by the other closer between the read and the write: it stands as that one left it
        }
        return allocation(allocationId).orElseThrow();
    }

    public Optional<Allocation> allocation(String allocationId) {
        AllocationId id = AllocationId.parse(allocationId);
        return registryTable.getItem(pk(id.period()), ALLOC_PREFIX + id.token())
                .map(item -> fromItem(id.period(), item));
    }

    /** The period's budget row and allocations, oldest reservation first. */
    public Statement statement(String period, BigDecimal budgetUsd) {
        Map<String, AttributeValue> row = budgetRow(period).orElse(Map.of());
        List<Allocation> allocations = registryTable.queryAll(pk(period), ALLOC_PREFIX).stream()
                .map(item -> fromItem(period, item))
                .sorted(java.util.Comparator.comparing(Allocation::reservedAt)).toList();
        return new Statement(period,
                row.isEmpty() ? budgetUsd : number(row, "budget_usd"),
                row.isEmpty() ? budgetUsd : number(row, REMAINING),
                row.isEmpty() ? BigDecimal.ZERO : number(row, "reserved_usd"),
                row.isEmpty() ? BigDecimal.ZERO : number(row, "settled_usd"),
                allocations);
    }

    /** A period's account: what it had, what is held, what is spent, and every allocation. */
    public record Statement(String period, BigDecimal budgetUsd, BigDecimal remainingUsd, BigDecimal reservedUsd,
                            BigDecimal settledUsd, List<Allocation> allocations) {
    }

    private void openPeriod(String period, BigDecimal budgetUsd) {
        Map<String, AttributeValue> item = new HashMap<>(budgetKey(period));
        item.put("budget_usd", n(budgetUsd));
        item.put(REMAINING, n(budgetUsd));
        item.put("reserved_usd", n(BigDecimal.ZERO));
        item.put("settled_usd", n(BigDecimal.ZERO));
        registryTable.putIfAbsent(item); // when the row stands, the period's first reservation fixed its budget
    }

    private Optional<Map<String, AttributeValue>> budgetRow(String period) {
        return registryTable.getItem(pk(period), BUDGET_SK);
    }

    private static Allocation fromItem(String period, Map<String, AttributeValue> item) {
        return new Allocation(text(item, "allocation_id"), period,
                Allocation.State.valueOf(text(item, "state")), text(item, "caller"), text(item, "spec_id"),
                text(item, "execution_id"), number(item, "estimated_usd"),
                item.containsKey("settled_usd") ? number(item, "settled_usd") : null,
                Instant.parse(text(item, "reserved_at")),
                item.containsKey("closed_at") ? Instant.parse(text(item, "closed_at")) : null,
                item.containsKey("reason") ? text(item, "reason") : null);
    }

    private static boolean conditionFailed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private Map<String, AttributeValue> budgetKey(String period) {
        return key(pk(period), BUDGET_SK);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return RegistryTable.key(pk, sk);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static BigDecimal number(Map<String, AttributeValue> item, String name) {
        return new BigDecimal(item.get(name).n());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }
}
