package io.saturdayzoo.infra.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DefinitionDocumentTest {

    private static final String TEMPLATE = """
            {"Resources": {
              "FnAlias": {"Type": "AWS::Lambda::Alias",
                          "Metadata": {"saturdayzoo:local-arn": "arn:aws:lambda:::function:SelectRotation"}},
              "Queue": {"Type": "AWS::Batch::JobQueue"},
              "Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString":
                {"Fn::Join": ["", [
                  "{\\"StartAt\\":\\"A\\",\\"States\\":{\\"A\\":{\\"Type\\":\\"Task\\",\\"Resource\\":\\"",
                  {"Ref": "FnAlias"},
                  "\\",\\"Next\\":\\"B\\"},\\"B\\":{\\"Type\\":\\"Task\\",\\"Resource\\":\\"arn:",
                  {"Ref": "AWS::Partition"},
                  ":states:::batch:submitJob.sync\\",\\"Parameters\\":{\\"JobQueue\\":\\"",
                  {"Ref": "Queue"},
                  "\\",\\"Region\\":\\"",
                  {"Ref": "AWS::Region"},
                  "\\",\\"Q\\":\\"",
                  {"Fn::GetAtt": ["Queue", "Name"]},
                  "\\",\\"F\\":\\"",
                  {"Fn::GetAtt": ["FnAlias", "AliasArn"]},
                  "\\"},\\"End\\":true}}}"
                ]]}}}
            }}
            """;

    @Test
    void referencesBecomeReadableNames() {
        DefinitionDocument document = DefinitionDocument.fromTemplate(TEMPLATE);

        assertThat(document.tree().at("/States/A/Resource").asText())
                .isEqualTo("arn:aws:lambda:::function:SelectRotation");
        assertThat(document.tree().at("/States/B/Resource").asText()).isEqualTo("arn:aws:states:::batch:submitJob.sync");
        assertThat(document.tree().at("/States/B/Parameters/JobQueue").asText())
                .isEqualTo("arn:aws:cloudformation:::resource/Queue");
        assertThat(document.tree().at("/States/B/Parameters/Q").asText())
                .isEqualTo("arn:aws:cloudformation:::resource/Queue/Name");
        assertThat(document.tree().at("/States/B/Parameters/Region").asText()).isEmpty();
        assertThat(document.tree().at("/States/B/Parameters/F").asText())
                .isEqualTo("arn:aws:lambda:::function:SelectRotation");
        assertThat(document.localNamesByLogicalId()).containsEntry("FnAlias", "arn:aws:lambda:::function:SelectRotation");
        assertThat(document.asMap()).containsEntry("StartAt", "A");
    }

    @Test
    void treeIsACopyCallersMayMutate() {
        DefinitionDocument document = DefinitionDocument.fromTemplate(TEMPLATE);
        document.tree().put("StartAt", "Elsewhere");

        assertThat(document.tree().get("StartAt").asText()).isEqualTo("A");
    }

    @Test
    void aTemplateWithoutExactlyOneStateMachineIsRejected() {
        assertThatThrownBy(() -> DefinitionDocument.fromTemplate("{\"Resources\":{}}"))
                .hasMessageContaining("exactly one AWS::StepFunctions::StateMachine").hasMessageContaining("found 0");
    }

    @Test
    void anUnsupportedExpressionIsNamed() {
        String template = """
                {"Resources":{"M":{"Type":"AWS::StepFunctions::StateMachine","Properties":{"DefinitionString":
                  {"Fn::Join":["",["{", {"Fn::ImportValue":"Elsewhere"}, "}"]]}}}}}
                """;
        assertThatThrownBy(() -> DefinitionDocument.fromTemplate(template))
                .hasMessageContaining("unsupported CloudFormation expression").hasMessageContaining("Fn::ImportValue");
    }

    @Test
    void aDefinitionThatIsNotJsonIsReported() {
        String template = """
                {"Resources":{"M":{"Type":"AWS::StepFunctions::StateMachine","Properties":{"DefinitionString":"{oops"}}}}
                """;
        assertThatThrownBy(() -> DefinitionDocument.fromTemplate(template)).hasMessageContaining("does not parse");
    }
}
