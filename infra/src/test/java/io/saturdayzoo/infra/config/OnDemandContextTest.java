package io.saturdayzoo.infra.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.infra.data.ZooDatasets;
import io.saturdayzoo.infra.spot.SpotEngine;
import org.junit.jupiter.api.Test;

class OnDemandContextTest {

    /** The most Saturdays a calendar month holds. */
    private static final int SATURDAYS_A_MONTH = 5;

    /**
     * A default deploy's ledger holds a month of default Saturdays with a wide margin even at the worst: every
     * first-pass spec of zoo/catalog.json trained each Saturday and each priced at its job's whole attempt timeout
     * (no reservation can exceed that), leaving most of the budget to on-demand training.
     */
    @Test
    void theDefaultBudgetCoversAMonthOfDefaultSaturdaysAtTheirTimeoutTenTimesOver() {
        OnDemandSettings settings = OnDemandContext.fromContext(key -> null, SaturdaySettings.DEFAULT_MAX_VCPUS);
        Path repository = AssetPaths.findRepositoryRoot(Path.of("")).orElseThrow();
        ZooCatalog catalog = ZooCatalog.load(repository.resolve(ZooDatasets.CATALOG_FILE));
        Duration timeout = Duration.ofMinutes(SpotEngine.JOB_TIMEOUT_MINUTES);

        BigDecimal saturday = BigDecimal.ZERO;
        for (ModelSpec spec : catalog.activeSpecs()) {
            if (spec.isEnsemble()) {
                continue; // the second pass, not reserved on the ledger
            }
            saturday = saturday.add(spec.isMultiNode()
                    ? settings.prices().cost(spec.nodes() * SaturdaySettings.DEFAULT_NODE_VCPUS,
                            spec.nodes() * SaturdaySettings.DEFAULT_NODE_MEMORY_GIB, timeout)
                    : settings.prices().cost(SpotEngine.JOB_VCPUS, SpotEngine.JOB_MEMORY_GIB, timeout));
        }

        // 7 first-pass specs x 6 h x (2 vCPU x 0.0125 + 7 GiB x 0.0016 USD an hour)
        assertThat(saturday).isEqualByComparingTo("1.5204");
        assertThat(settings.budgetUsd()).isEqualByComparingTo("200");
        assertThat(saturday.multiply(BigDecimal.valueOf(SATURDAYS_A_MONTH * 10L)))
                .isLessThanOrEqualTo(settings.budgetUsd());
    }
}
