package io.saturdayzoo.core.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one hour of Spot capacity costs: per vCPU and per GiB of memory, in USD. The stack's settings own the
 * figures and hand them to the ledger's handlers as {@link #VCPU_HOUR_ENV} and {@link #GIB_HOUR_ENV}.
 */
public record PriceTable(BigDecimal vcpuHourUsd, BigDecimal gibHourUsd) {

    public static final String VCPU_HOUR_ENV = "ZOO_PRICE_VCPU_HOUR_USD";
    public static final String GIB_HOUR_ENV = "ZOO_PRICE_GIB_HOUR_USD";
    /** Costs are kept to a hundredth of a cent: small jobs still cost more than nothing. */
    static final int SCALE = 4;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    public PriceTable {
        requireNonNegative(VCPU_HOUR_ENV, vcpuHourUsd);
        requireNonNegative(GIB_HOUR_ENV, gibHourUsd);
    }

    /** Both prices from the environment; a missing or bad one is an error naming the variable. */
    public static PriceTable fromEnv(Map<String, String> env) {
        return new PriceTable(price(env, VCPU_HOUR_ENV), price(env, GIB_HOUR_ENV));
    }

    /** USD for {@code vcpus} and {@code memoryGib} held for {@code time}, rounded up to {@link #SCALE} places. */
    public BigDecimal cost(int vcpus, double memoryGib, Duration time) {
        BigDecimal hourly = vcpuHourUsd.multiply(BigDecimal.valueOf(vcpus))
                .add(gibHourUsd.multiply(BigDecimal.valueOf(memoryGib)));
        BigDecimal seconds = BigDecimal.valueOf(Math.max(0, time.toMillis())).movePointLeft(3);
        return hourly.multiply(seconds).divide(SECONDS_PER_HOUR, SCALE, RoundingMode.CEILING);
    }

    private static BigDecimal price(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": environment variable is missing (USD per hour of Spot)");
        }
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a decimal number of USD, got '" + value + "'");
        }
    }

    private static void requireNonNegative(String name, BigDecimal value) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + ": a price cannot be negative, got " + value.toPlainString());
        }
    }
}
