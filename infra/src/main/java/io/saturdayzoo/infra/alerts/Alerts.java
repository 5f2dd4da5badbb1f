package io.saturdayzoo.infra.alerts;

import java.util.List;
import java.util.Optional;

import io.saturdayzoo.infra.definition.LocalNames;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * Where a Saturday run reports: one KMS-encrypted, TLS-only SNS topic (HandleFailure and NotifySuccess publish to
 * it, and so does the alarm that catches executions failing outside the definition's own failure path).
 */
public final class Alerts extends Construct {

    public static final String LOCAL_TOPIC_NAME = "Alerts";

    private final Key key;
    private final Topic topic;

    public Alerts(Construct scope, String id, Optional<String> alertEmail) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .enableKeyRotation(true)
                .description("Encrypts Saturday state machine alerts at rest")
                .build();
        // CloudWatch alarms publish to the encrypted topic as the CloudWatch service itself.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        topic = Topic.Builder.create(this, "Topic")
                .displayName("Saturday zoo")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        LocalNames.tag(topic, LocalNames.snsTopic(LOCAL_TOPIC_NAME));
        alertEmail.ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
    }

    public Topic topic() {
        return topic;
    }

    /** Lets {@code publisher} publish to the encrypted topic (sns:Publish is granted by the task itself). */
    public void grantEncrypt(IGrantable publisher) {
        key.grant(publisher, "kms:Decrypt", "kms:GenerateDataKey*");
    }

    /** Any failed execution raises the alarm, including failures the definition could not route itself. */
    public Alarm alarmOnFailedExecutions(StateMachine stateMachine) {
        Alarm alarm = Alarm.Builder.create(this, "ExecutionsFailed")
                .alarmDescription("A Saturday state machine execution failed")
                .metric(stateMachine.metricFailed().with(software.amazon.awscdk.services.cloudwatch.MetricOptions
                        .builder().period(Duration.minutes(5)).statistic("Sum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }
}
