package io.saturdayzoo.core.ledger;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the stack fixes for on-demand training: the price table, the budget per period, and the limits a request's
 * size and wall time must stay within. The stack writes it into its handlers' environment with {@link #toEnv} and
 * they read it back with {@link #fromEnv}: the variable names live here only.
 *
 * @param defaultVcpus     a request's vCPUs when it names none
 * @param defaultMemoryGib a request's memory when it names none
 */
public record OnDemandSettings(PriceTable prices, BigDecimal budgetUsd, int maxVcpus, int maxMemoryGib,
                               int maxWallTimeMinutes, int defaultVcpus, int defaultMemoryGib) {

    public static final String BUDGET_ENV = "ZOO_LEDGER_BUDGET_USD";
    public static final String MAX_VCPUS_ENV = "ZOO_MAX_VCPUS";
    public static final String MAX_MEMORY_GIB_ENV = "ZOO_MAX_MEMORY_GIB";
    public static final String MAX_WALL_TIME_ENV = "ZOO_MAX_WALL_TIME_MINUTES";
    public static final String DEFAULT_VCPUS_ENV = "ZOO_DEFAULT_VCPUS";
    public static final String DEFAULT_MEMORY_GIB_ENV = "ZOO_DEFAULT_MEMORY_GIB";
    /** A request's wall-time cap when it names none. */
    public static final int DEFAULT_WALL_TIME_MINUTES = 120;

    public OnDemandSettings {
        if (budgetUsd.signum() < 0) {
            throw new IllegalArgumentException(BUDGET_ENV + ": a budget cannot be negative, got " + budgetUsd);
        }
        positive(MAX_VCPUS_ENV, maxVcpus);
        positive(MAX_MEMORY_GIB_ENV, maxMemoryGib);
        positive(MAX_WALL_TIME_ENV, maxWallTimeMinutes);
        if (defaultVcpus < 1 || defaultVcpus > maxVcpus) {
            throw new IllegalArgumentException(DEFAULT_VCPUS_ENV + ": expected 1.." + maxVcpus + ", got "
                    + defaultVcpus);
        }
        if (defaultMemoryGib < 1 || defaultMemoryGib > maxMemoryGib) {
            throw new IllegalArgumentException(DEFAULT_MEMORY_GIB_ENV + ": expected 1.." + maxMemoryGib + ", got "
                    + defaultMemoryGib);
        }
    }

    public static OnDemandSettings fromEnv(Map<String, String> env) {
        return new OnDemandSettings(PriceTable.fromEnv(env), decimal(env, BUDGET_ENV), integer(env, MAX_VCPUS_ENV),
                integer(env, MAX_MEMORY_GIB_ENV), integer(env, MAX_WALL_TIME_ENV), integer(env, DEFAULT_VCPUS_ENV),
                integer(env, DEFAULT_MEMORY_GIB_ENV));
    }

    /** Every variable {@link #fromEnv} reads, with this value. */
    public Map<String, String> toEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PriceTable.VCPU_HOUR_ENV, prices.vcpuHourUsd().toPlainString());
        env.put(PriceTable.GIB_HOUR_ENV, prices.gibHourUsd().toPlainString());
        env.put(BUDGET_ENV, budgetUsd.toPlainString());
        env.put(MAX_VCPUS_ENV, Integer.toString(maxVcpus));
        env.put(MAX_MEMORY_GIB_ENV, Integer.toString(maxMemoryGib));
        env.put(MAX_WALL_TIME_ENV, Integer.toString(maxWallTimeMinutes));
        env.put(DEFAULT_VCPUS_ENV, Integer.toString(defaultVcpus));
        env.put(DEFAULT_MEMORY_GIB_ENV, Integer.toString(defaultMemoryGib));
        return env;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected a positive integer, got " + value);
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": environment variable is missing");
        }
        return value.strip();
    }

    private static int integer(Map<String, String> env, String name) {
        String value = required(env, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a positive integer, got '" + value + "'");
        }
    }

    private static BigDecimal decimal(Map<String, String> env, String name) {
        String value = required(env, name);
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a decimal number of USD, got '" + value + "'");
        }
    }
}
