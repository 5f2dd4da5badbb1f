package io.saturdayzoo.infra.definition;

import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Gives a resource the readable ARN that {@link DefinitionDocument} prints in place of its CloudFormation reference,
 * e.g. {@code arn:aws:lambda:::function:SelectRotation}. The local runner binds Task states by these names, so they
 * are part of the contract between the definition and its local executor.
 */
public final class LocalNames {

    /** Template metadata key that carries the readable ARN. */
    public static final String METADATA_KEY = "saturdayzoo:local-arn";

    private LocalNames() {
    }

    public static String lambdaFunction(String name) {
        return "arn:aws:lambda:::function:" + name;
    }

    public static String batchJobQueue(String name) {
        return "arn:aws:batch:::job-queue/" + name;
    }

    public static String batchJobDefinition(String name) {
        return "arn:aws:batch:::job-definition/" + name;
    }

    /** A state machine of the stack by its name ("Saturday", "TrainModelVersion"). */
    public static String stateMachine(String name) {
        return "arn:aws:states:::stateMachine:" + name;
    }

    public static String snsTopic(String name) {
        return "arn:aws:sns:::" + name;
    }

    /** Tags the CloudFormation resource behind {@code construct} (its default child, or itself). */
    public static void tag(IConstruct construct, String localArn) {
        IConstruct resource = construct.getNode().getDefaultChild() != null
                ? construct.getNode().getDefaultChild() : construct;
        if (!(resource instanceof CfnResource cfn)) {
            throw new IllegalArgumentException("not a CloudFormation resource: " + construct.getNode().getPath());
        }
        cfn.addMetadata(METADATA_KEY, localArn);
    }
}
