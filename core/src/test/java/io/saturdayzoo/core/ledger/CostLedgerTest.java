package io.saturdayzoo.core.ledger;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger on DynamoDB Local: reservations never overspend, settlement and release happen once. */
class CostLedgerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    private static final BigDecimal BUDGET = new BigDecimal("10.00");
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedStores stores;

    private DynamoDbClient dynamo;
    private String table;
    private CostLedger ledger;

    @BeforeAll
    static void startStores() {
        stores = EmbeddedStores.start(null);
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @BeforeEach
    void freshTable() {
        table = "ledger-" + TABLES.incrementAndGet();
        Map<String, String> env = ZooEnv.withStores(table, "unused-bucket", stores.awsEnv());
        dynamo = AwsClients.dynamoDb(env);
        RegistryTables.create(dynamo, table);
        ledger = new CostLedger(dynamo, table, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aReservationHoldsItsEstimateAgainstThePeriod() {
        Allocation a = ledger.reserve(BUDGET, new BigDecimal("3.50"), "ana", "churn-gbdt", "exec-1");

        assertThat(a.state()).isEqualTo(Allocation.State.RESERVED);
        assertThat(a.period()).isEqualTo("2026-12");
        assertThat(AllocationId.parse(a.id()).period()).isEqualTo("2026-12");
        assertThat(a.caller()).isEqualTo("ana");
        assertThat(ledger.remaining("2026-12", BUDGET)).isEqualByComparingTo("6.50");
        CostLedger.Statement statement = ledger.statement("2026-12", BUDGET);
        assertThat(statement.reservedUsd()).isEqualByComparingTo("3.50");
        assertThat(statement.allocations()).extracting(Allocation::id).containsExactly(a.id());
    }

    @Test
    void overBudgetFailsNamingTheRemainingBudgetAndReservesNothing() {
        ledger.reserve(BUDGET, new BigDecimal("8.00"), "ana", "churn-gbdt", "exec-1");

        assertThatThrownBy(() -> ledger.reserve(BUDGET, new BigDecimal("2.01"), "bo", "churn-gbdt", "exec-2"))
                .isInstanceOf(BudgetExceeded.class)
                .hasMessageContaining("remaining budget of 2.00 USD")
                .hasMessageContaining("2.01");
        assertThat(ledger.statement("2026-12", BUDGET).allocations()).hasSize(1);
        assertThat(ledger.remaining("2026-12", BUDGET)).isEqualByComparingTo("2.00");
    }

    @Test
    void concurrentReservationsNeverSpendMoreThanTheBudget() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String exec = "exec-" + i;
            tries.add(pool.submit(() -> {
                try {
                    ledger.reserve(BUDGET, new BigDecimal("3.00"), "ana", "churn-gbdt", exec);
                    return true;
                } catch (BudgetExceeded e) {
                    return false;
                }
            }));
        }
        int granted = 0;
        for (Future<Boolean> t : tries) {
            granted += t.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(granted).isEqualTo(3);
        assertThat(ledger.remaining("2026-12", BUDGET)).isEqualByComparingTo("1.00");
    }

    @Test
    void settlementBooksTheRealCostOnceAndGivesBackTheRest() {
        Allocation a = ledger.reserve(BUDGET, new BigDecimal("4.00"), "ana", "churn-gbdt", "exec-1");

        Allocation settled = ledger.settle(a.id(), new BigDecimal("1.25"), "job-1", NOW, NOW.plusSeconds(600));
        Allocation again = ledger.settle(a.id(), new BigDecimal("9.99"), "job-1", NOW, NOW.plusSeconds(600));
        Allocation releasedAfter = ledger.release(a.id(), "execution aborted");

        assertThat(settled.state()).isEqualTo(Allocation.State.SETTLED);
        assertThat(settled.settledUsd()).isEqualByComparingTo("1.25");
        assertThat(again).isEqualTo(settled);
        assertThat(releasedAfter).isEqualTo(settled);
        CostLedger.Statement statement = ledger.statement("2026-12", BUDGET);
        assertThat(statement.remainingUsd()).isEqualByComparingTo("8.75");
        assertThat(statement.reservedUsd()).isEqualByComparingTo("0");
        assertThat(statement.settledUsd()).isEqualByComparingTo("1.25");
    }

    @Test
    void releaseGivesTheWholeReservationBackOnce() {
        Allocation a = ledger.reserve(BUDGET, new BigDecimal("4.00"), "ana", "churn-gbdt", "exec-1");

        Allocation released = ledger.release(a.id(), "job timed out");
        Allocation settleAfter = ledger.settle(a.id(), new BigDecimal("1.00"), "job-1", NOW, NOW.plusSeconds(60));

        assertThat(released.state()).isEqualTo(Allocation.State.RELEASED);
        assertThat(released.reason()).isEqualTo("job timed out");
        assertThat(settleAfter).isEqualTo(released);
        assertThat(ledger.remaining("2026-12", BUDGET)).isEqualByComparingTo("10.00");
    }

    @Test
    void aDryRunCheckWritesNothing() {
        ledger.check("2026-12", BUDGET, new BigDecimal("9.00"));

        assertThatThrownBy(() -> ledger.check("2026-12", BUDGET, new BigDecimal("10.01")))
                .isInstanceOf(BudgetExceeded.class)
                .hasMessageContaining("remaining budget of 10.00 USD");
        assertThat(dynamo.scan(b -> b.tableName(table)).items()).isEmpty();
    }

    @Test
    void anUnknownAllocationIsNamed() {
        assertThatThrownBy(() -> ledger.release("2026-12.0000000000000000", "x"))
                .hasMessageContaining("allocation_id").hasMessageContaining("2026-12.0000000000000000");
        assertThatThrownBy(() -> ledger.release("nonsense", "x"))
                .hasMessageContaining("allocation_id").hasMessageContaining("'nonsense'");
    }

    @Test
    void auditRowsAreWrittenOnceInTimeOrder() {
        LedgerAudit audit = new LedgerAudit(dynamo, table, Clock.fixed(NOW, ZoneOffset.UTC));
        audit.record("exec-1", LedgerAudit.Outcome.DRY_RUN, Map.of(LedgerAudit.CALLER, "ana",
                LedgerAudit.INPUTS, Map.of("spec_id", "churn-gbdt"), LedgerAudit.ESTIMATED_USD, "0.12"));

        assertThatThrownBy(() -> audit.record("exec-1", LedgerAudit.Outcome.FAILED, Map.of(LedgerAudit.CALLER,
                "mallory"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("exec-1");
        assertThat(audit.records("2026-12")).singleElement().satisfies(row -> {
            assertThat(row).containsEntry(LedgerAudit.CALLER, "ana")
                    .containsEntry(LedgerAudit.OUTCOME, "DRY_RUN")
                    .containsEntry(LedgerAudit.INPUTS, Map.of("spec_id", "churn-gbdt"));
        });
    }

    @Test
    void theEstimateGrowsWithDataAndIterationsAndNeverPassesTheCap() {
        PriceTable prices = new PriceTable(new BigDecimal("0.02"), new BigDecimal("0.0025"));
        CostEstimate small = CostEstimate.of(1_000_000, 100, 4, 2, 8, Duration.ofMinutes(120), prices);
        CostEstimate big = CostEstimate.of(1_000_000_000, 400, 4, 2, 8, Duration.ofMinutes(120), prices);

        assertThat(small.seconds()).isGreaterThanOrEqualTo(CostEstimate.OVERHEAD_SECONDS);
        assertThat(big.seconds()).isEqualTo(Duration.ofMinutes(120).toSeconds());
        // 2 vCPU * 0.02 + 8 GiB * 0.0025 = 0.06 USD per hour, for the two hours of the cap
        assertThat(big.usd()).isEqualByComparingTo("0.12");
        assertThat(small.usd()).isPositive().isLessThan(big.usd());
        assertThat(CostEstimate.plannedFits(0, 3)).isEqualTo(4);
    }

    @Test
    void aBadPriceIsNamed() {
        assertThatThrownBy(() -> PriceTable.fromEnv(Map.of(PriceTable.VCPU_HOUR_ENV, "0.02")))
                .hasMessageContaining(PriceTable.GIB_HOUR_ENV);
        assertThatThrownBy(() -> PriceTable.fromEnv(Map.of(PriceTable.VCPU_HOUR_ENV, "cheap",
                PriceTable.GIB_HOUR_ENV, "0.01"))).hasMessageContaining(PriceTable.VCPU_HOUR_ENV)
                .hasMessageContaining("'cheap'");
    }
}
