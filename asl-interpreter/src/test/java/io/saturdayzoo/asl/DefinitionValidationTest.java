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
}
