package io.saturdayzoo.infra.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.core.ledger.PriceTable;
import io.saturdayzoo.infra.spot.SpotEngine;

/**
 * The on-demand training's CDK context keys ({@code cdk deploy -c ledgerBudgetUsd=500}): the price table of Spot
 * capacity, the ledger's budget per month, and the size and wall-time limits of one request. Every value has a
 * default, so the Lambdas' price table is never empty on AWS.
 */
public final class OnDemandContext {

    public static final String LEDGER_BUDGET_USD = "ledgerBudgetUsd";
    public static final String SPOT_VCPU_HOUR_USD = "spotVcpuHourUsd";
    public static final String SPOT_GIB_HOUR_USD = "spotGibHourUsd";
    public static final String ON_DEMAND_MAX_VCPUS = "onDemandMaxVcpus";
    public static final String ON_DEMAND_MAX_MEMORY_GIB = "onDemandMaxMemoryGib";
    public static final String ON_DEMAND_MAX_WALL_TIME_MINUTES = "onDemandMaxWallTimeMinutes";
    public static final List<String> KEYS = List.of(LEDGER_BUDGET_USD, SPOT_VCPU_HOUR_USD, SPOT_GIB_HOUR_USD,
            ON_DEMAND_MAX_VCPUS, ON_DEMAND_MAX_MEMORY_GIB, ON_DEMAND_MAX_WALL_TIME_MINUTES);

    public static final BigDecimal DEFAULT_BUDGET_USD = new BigDecimal("200");
    /** Spot c5/m5 prices in us-east-1 late 2026 come to about this per vCPU-hour and per GiB-hour. */
    public static final BigDecimal DEFAULT_VCPU_HOUR_USD = new BigDecimal("0.0125");
    public static final BigDecimal DEFAULT_GIB_HOUR_USD = new BigDecimal("0.0016");
    public static final int DEFAULT_MAX_VCPUS = 16;
    public static final int DEFAULT_MAX_MEMORY_GIB = 64;
    public static final int DEFAULT_MAX_WALL_TIME_MINUTES = 720;
    /** A request naming no size gets the trainer job definition's own. */
    public static final int DEFAULT_VCPUS = SpotEngine.JOB_VCPUS;
    public static final int DEFAULT_MEMORY_GIB = SpotEngine.JOB_MEMORY_GIB;

    private OnDemandContext() {
    }

    /**
     * @param context CDK context lookup (null for an absent key)
     * @param engineMaxVcpus the Spot compute environment's maxvCpus: a request larger could never be placed
     */
    public static OnDemandSettings fromContext(Function<String, Object> context, int engineMaxVcpus) {
        int maxVcpus = positiveInt(context, ON_DEMAND_MAX_VCPUS, Math.min(DEFAULT_MAX_VCPUS, engineMaxVcpus));
        if (maxVcpus > engineMaxVcpus) {
            throw new ContextValueException(ON_DEMAND_MAX_VCPUS, maxVcpus, "at most the Spot engine's "
                    + SaturdaySettings.MAX_VCPUS + " (" + engineMaxVcpus + ")");
        }
        try {
            return new OnDemandSettings(new PriceTable(usd(context, SPOT_VCPU_HOUR_USD, DEFAULT_VCPU_HOUR_USD),
                    usd(context, SPOT_GIB_HOUR_USD, DEFAULT_GIB_HOUR_USD)),
                    usd(context, LEDGER_BUDGET_USD, DEFAULT_BUDGET_USD), maxVcpus,
                    positiveInt(context, ON_DEMAND_MAX_MEMORY_GIB, DEFAULT_MAX_MEMORY_GIB),
                    positiveInt(context, ON_DEMAND_MAX_WALL_TIME_MINUTES, DEFAULT_MAX_WALL_TIME_MINUTES),
                    Math.min(DEFAULT_VCPUS, maxVcpus), DEFAULT_MEMORY_GIB);
        } catch (IllegalArgumentException e) {
            throw new ContextValueException("on-demand settings: " + e.getMessage());
        }
    }

    private static BigDecimal usd(Function<String, Object> context, String key, BigDecimal fallback) {
        Object raw = context.apply(key);
        if (raw == null) {
            return fallback;
        }
        try {
            BigDecimal value = new BigDecimal(raw.toString().trim());
            if (value.signum() >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the key and the value
        }
        throw new ContextValueException(key, raw, "a decimal number of USD >= 0");
    }

    private static int positiveInt(Function<String, Object> context, String key, int fallback) {
        Object raw = context.apply(key);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = new BigDecimal(raw.toString().trim()).intValueExact();
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException | ArithmeticException notAnInteger) {
            // reported below with the key and the value
        }
        throw new ContextValueException(key, raw, "an integer >= 1");
    }
}
