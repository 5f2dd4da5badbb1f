package io.saturdayzoo.asl;

import io.saturdayzoo.asl.definition.AslDefinition;
import io.saturdayzoo.asl.definition.AslDefinitionException;
import io.saturdayzoo.asl.definition.ParallelState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionValidationTest {

    private static AslDefinitionException invalid(String definition) {
        return (AslDefinitionException) org.assertj.core.api.Assertions.catchThrowable(() -> AslDefinition.parse(definition));
    }

    @Test
    void acceptsAValidNestedDefinition() {
        AslDefinition parsed = AslDefinition.parse("""
                {"StartAt":"P","States":{
                  "P":{"Type":"Parallel","Next":"Done","Branches":[
                     {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]},
                  "Done":{"Type":"Succeed"}}}""");
        assertThat(parsed.root().states()).containsOnlyKeys("P", "Done");
        assertThat(((ParallelState) parsed.root().state("P")).branches().get(0).label()).isEqualTo("root/P/Branches[0]");
    }

    @Test
    void reportsStartAtAndNextTargetsThatDoNotExist() {
        AslDefinitionException e = invalid("""
                {"StartAt":"Nope","States":{"A":{"Type":"Pass","Next":"Missing"}}}""");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("StartAt 'Nope'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("state 'A'").contains("'Missing'"));
    }

    @Test
    void aBranchCannotTransitionToAStateOutsideIt() {
        AslDefinitionException e = invalid("""
                {"StartAt":"P","States":{
                  "P":{"Type":"Parallel","Next":"Outer","Branches":[
                     {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Outer"}}}]},
                  "Outer":{"Type":"Succeed"}}}""");
        assertThat(e.problems()).singleElement().asString()
                .contains("root/P/Branches[0] state 'A'").contains("transition target 'Outer'");
    }

    @Test
    void reportsUnreachableStatesAndMissingWayOut() {
        AslDefinitionException e = invalid("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","End":true},
                  "Orphan":{"Type":"Pass","End":true}, "Stuck":{"Type":"Pass"}}}""");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'Orphan'").contains("not reachable"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'Stuck'").contains("exactly one of 'Next'"));
    }

    @Test
    void statesAllMustBeAloneAndLast() {
        assertThatThrownBy(() -> AslDefinition.parse(Asl.single("""
                {"Type":"Task","Resource":"r","End":true,"Retry":[
                  {"ErrorEquals":["States.ALL"]},{"ErrorEquals":["Custom"]}]}""")))
                .hasMessageContaining("Retry[0]: States.ALL must appear alone and in the last entry");
        assertThatThrownBy(() -> AslDefinition.parse(Asl.single("""
                {"Type":"Task","Resource":"r","Next":"F","Catch":[{"ErrorEquals":["States.ALL","X"],"Next":"F"}]}""")
                .replace("}}", "},\"F\":{\"Type\":\"Succeed\"}}")))
                .hasMessageContaining("Catch[0]: States.ALL must appear alone");
    }

    @Test
    void rejectsUnknownTypeAndAmbiguousWait() {
        AslDefinitionException e = invalid("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"SecondsPath":"$.s","Next":"X"},
                  "X":{"Type":"Sleep","End":true}}}""");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'W'").contains("exactly one of Seconds"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'X'").contains("unknown value 'Sleep'"));
    }

    @Test
    void rejectsInvalidJson() {
        assertThatThrownBy(() -> AslDefinition.parse("{\"StartAt\":")).isInstanceOf(AslDefinitionException.class)
                .hasMessageContaining("not valid JSON");
    }

    private static String map(String fields, String processorConfig) {
        return "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true," + fields
                + "\"ItemProcessor\":{" + processorConfig
                + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}}}}";
    }

    private static final String DISTRIBUTED =
            "\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},";

    @Test
    void distributedMapFeaturesThisInterpreterLacksAreRejectedByName() {
        AslDefinitionException e = invalid(map("\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\"},"
                + "\"ItemBatcher\":{\"MaxItemsPerBatch\":10},\"ResultWriter\":{\"Resource\":\"r\"},", DISTRIBUTED));
        assertThat(e.problems()).hasSize(3).allSatisfy(p -> assertThat(p).startsWith("root state 'M': field '")
                .contains("is not supported by this interpreter"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'ItemReader'"))
                .anySatisfy(p -> assertThat(p).contains("'ItemBatcher'"))
                .anySatisfy(p -> assertThat(p).contains("'ResultWriter'"));
        assertThat(invalid(map("", "\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},"))
                .problems()).singleElement().asString().contains("ExecutionType", "EXPRESS", "not supported");
    }

    @Test
    void distributedOnlyFieldsAndBadThresholdsNameTheFieldAndValue() {
        assertThat(invalid(map("\"ToleratedFailureCount\":1,\"Label\":\"L\",", "")).problems())
                .containsExactly("root state 'M': field 'Label' needs a distributed Map (ItemProcessor.ProcessorConfig.Mode DISTRIBUTED)",
                        "root state 'M': field 'ToleratedFailureCount' needs a distributed Map (ItemProcessor.ProcessorConfig.Mode DISTRIBUTED)");
        assertThat(invalid(map("\"ToleratedFailurePercentage\":150,", DISTRIBUTED)).problems()).singleElement()
                .asString().contains("'ToleratedFailurePercentage'", "from 0 to 100", "150");
        assertThat(invalid(map("\"ToleratedFailureCount\":-1,\"ToleratedFailureCountPath\":\"$.n\",", DISTRIBUTED))
                .problems()).anySatisfy(p -> assertThat(p).contains("mutually exclusive"))
                .anySatisfy(p -> assertThat(p).contains("'ToleratedFailureCount' must be a non-negative integer, was -1"));
        assertThat(invalid(map("\"Label\":\"has space\",", DISTRIBUTED)).problems()).singleElement()
                .asString().contains("'Label'", "has space");
        assertThat(invalid(map("", "\"ProcessorConfig\":{\"Mode\":\"PARALLEL\"},")).problems()).singleElement()
                .asString().contains("ProcessorConfig.Mode", "PARALLEL");
    }

    @Test
    void aDistributedMapParsesWithItsThreshold() {
        var m = (io.saturdayzoo.asl.definition.MapState) AslDefinition.parse(
                map("\"Label\":\"Train\",\"ToleratedFailurePercentagePath\":\"$.pct\",", DISTRIBUTED)).root().state("M");
        assertThat(m.isDistributed()).isTrue();
        assertThat(m.distributed().label()).isEqualTo("Train");
        assertThat(m.distributed().toleratedFailurePercentage().path()).isEqualTo("$.pct");
        assertThat(m.distributed().toleratedFailureCount().isAbsent()).isTrue();
        var inline = (io.saturdayzoo.asl.definition.MapState) AslDefinition.parse(
                map("", "\"ProcessorConfig\":{\"Mode\":\"INLINE\"},")).root().state("M");
        assertThat(inline.isDistributed()).isFalse();
    }

    @Test
    void retryAndCatchBelongOnlyToTaskParallelAndMap() {
        assertThat(invalid(Asl.single("{\"Type\":\"Pass\",\"End\":true,\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"]}]}"))
                .problems()).containsExactly("root state 'S': a Pass state may not have 'Retry' or 'Catch'");
    }
}
