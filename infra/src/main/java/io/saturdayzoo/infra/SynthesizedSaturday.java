package io.saturdayzoo.infra;

import java.nio.file.Path;
import java.util.List;

import io.saturdayzoo.infra.definition.DefinitionDocument;

/**
 * The result of an in-process synth: the CloudFormation template (JSON text), the state machine definition read
 * back from it, every synthesis message (cdk-nag findings among them) and the cloud assembly folder.
 */
public record SynthesizedSaturday(String templateJson, DefinitionDocument definition, List<Finding> messages,
                                  Path assemblyDirectory) {

    /** One synthesis message: level (ERROR, WARNING, INFO), construct path and text. */
    public record Finding(String level, String constructPath, String text) {
    }

    /** cdk-nag AwsSolutions findings at ERROR level (unsuppressed rule violations). */
    public List<Finding> nagErrors() {
        return messages.stream()
                .filter(m -> m.level().equalsIgnoreCase("error") && m.text().contains("AwsSolutions-"))
                .toList();
    }

    /** Every ERROR-level message, from cdk-nag or from CDK itself. */
    public List<Finding> errors() {
        return messages.stream().filter(m -> m.level().equalsIgnoreCase("error")).toList();
    }
}
