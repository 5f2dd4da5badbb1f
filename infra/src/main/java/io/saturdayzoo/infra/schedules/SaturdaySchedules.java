package io.saturdayzoo.infra.schedules;

import java.util.Map;

import io.saturdayzoo.infra.config.SaturdaySettings;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.StepFunctionsStartExecution;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * EventBridge Scheduler: the weekly Saturday run and the Friday preflight-only dry run. Both stay DISABLED unless
 * context schedulesEnabled=true, on every deploy, so a redeploy never switches a paused pipeline back on. The
 * scheduler's role (created by the target) may only start this state machine.
 */
public final class SaturdaySchedules extends Construct {

    public static final Map<String, Object> SATURDAY_INPUT = Map.of();
    public static final Map<String, Object> FRIDAY_INPUT = Map.of("preflight_only", true);

    private final Schedule saturday;
    private final Schedule friday;

    public SaturdaySchedules(Construct scope, String id, IStateMachine stateMachine, SaturdaySettings settings) {
        super(scope, id);
        TimeZone timeZone = TimeZone.of(settings.scheduleTimeZone());
        saturday = Schedule.Builder.create(this, "SaturdayRun")
                .description("Weekly Saturday run: research and predictor training")
                .schedule(ScheduleExpression.expression(settings.saturdayCron(), timeZone))
                .target(StepFunctionsStartExecution.Builder.create(stateMachine)
                        .input(ScheduleTargetInput.fromObject(SATURDAY_INPUT))
                        .build())
                .enabled(settings.schedulesEnabled())
                .build();
        friday = Schedule.Builder.create(this, "FridayPreflight")
                .description("Friday dry run: preflight checks only, so Saturday's problems show a night early")
                .schedule(ScheduleExpression.expression(settings.fridayCron(), timeZone))
                .target(StepFunctionsStartExecution.Builder.create(stateMachine)
                        .input(ScheduleTargetInput.fromObject(FRIDAY_INPUT))
                        .build())
                .enabled(settings.schedulesEnabled())
                .build();
    }

    public Schedule saturday() {
        return saturday;
    }

    public Schedule friday() {
        return friday;
    }
}
