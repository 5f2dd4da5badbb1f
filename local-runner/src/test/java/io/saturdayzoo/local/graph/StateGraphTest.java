package io.saturdayzoo.local.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateGraphTest {
    private static JsonNode definition;
    private static StateGraph graph;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = StateGraphTest.class.getResourceAsStream("/definition/saturday-fixture.asl.json")) {
            definition = new ObjectMapper().readTree(in);
        }
        graph = StateGraph.of(definition);
    }

    @Test
    void everyStateOfEveryScopeIsANode() {
        Set<String> names = graph.nodes().stream().filter(n -> n.kind() != StateGraph.NodeKind.JOIN)
                .map(StateGraph.Node::stateName).collect(Collectors.toSet());
        assertThat(names).contains("ValidateInput", "Research", "SummarizeResearch", "BranchAFailed", "SelectRotation",
                "TrainSpec", "RecordSpecFailed", "RegisterCandidates", "BranchBFailed", "EvalGate", "Done");
        assertThat(graph.nodes()).extracting(StateGraph.Node::id).doesNotHaveDuplicates();
    }

    @Test
    void branchesAreClustersInsideTheParallelAndTheMapIsNestedInBranchB() {
        List<StateGraph.Cluster> clusters = graph.clusters();
        assertThat(clusters).extracting(StateGraph.Cluster::label)
                .contains("Branch A: CheckSkipResearch", "Branch B: CheckSkipPredictorTraining",
                        "TrainSelectedSpecs: one iteration per item");
        StateGraph.Cluster branchB = clusters.stream().filter(c -> c.label().startsWith("Branch B")).findFirst().orElseThrow();
        StateGraph.Cluster items = clusters.stream().filter(c -> c.label().startsWith("TrainSelectedSpecs")).findFirst()
                .orElseThrow();
        assertThat(items.parent()).isEqualTo(branchB.id());
        assertThat(node("TrainSpec").cluster()).isEqualTo(items.id());
        assertThat(node("Research").cluster()).isNotEqualTo(branchB.id()).isNotNull();
    }

    @Test
    void branchTerminalsJoinTheParallelAndTheJoinLeadsOn() {
        String join = graph.nodes().stream().filter(n -> n.kind() == StateGraph.NodeKind.JOIN
                && n.stateName().equals("ResearchPredictorParallel")).findFirst().orElseThrow().id();
        Set<String> intoJoin = graph.edges().stream().filter(e -> e.to().equals(join))
                .map(e -> nodeById(e.from()).stateName()).collect(Collectors.toSet());
        assertThat(intoJoin).containsExactlyInAnyOrder("BranchAComplete", "BranchAFailed", "BranchBComplete",
                "BranchBFailed");
        assertThat(graph.edges()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo(join);
            assertThat(nodeById(e.to()).stateName()).isEqualTo("AggregateBranchOutcomes");
        });
    }

    @Test
    void choiceAndCatchEdgesCarryReadableLabels() {
        assertThat(graph.edges()).anySatisfy(e -> {
            assertThat(nodeById(e.from()).stateName()).isEqualTo("CheckSkipResearch");
            assertThat(e.kind()).isEqualTo(StateGraph.EdgeKind.CHOICE);
            assertThat(e.label()).isEqualTo("skip_research = true");
        });
        assertThat(graph.edges()).anySatisfy(e -> {
            assertThat(nodeById(e.from()).stateName()).isEqualTo("CheckBranchOutcomes");
            assertThat(e.label()).isEqualTo("branch_a_status = FAILED or branch_b_status = FAILED");
        });
        assertThat(graph.edges()).anySatisfy(e -> {
            assertThat(nodeById(e.from()).stateName()).isEqualTo("Research");
            assertThat(e.kind()).isEqualTo(StateGraph.EdgeKind.CATCH);
            assertThat(nodeById(e.to()).stateName()).isEqualTo("BranchAFailed");
            assertThat(e.label()).isEqualTo("catch States.ALL");
        });
    }

    @Test
    void mermaidHasOneSubgraphPerBranchAndDashedCatchEdges() {
        String mermaid = MermaidRenderer.render(graph);
        assertThat(mermaid).startsWith("flowchart TD\n");
        assertThat(mermaid.lines().filter(l -> l.trim().startsWith("subgraph "))).hasSize(3);
        assertThat(mermaid.lines().filter(l -> l.trim().equals("end"))).hasSize(3);
        assertThat(mermaid).contains(node("Research").id() + " -.->|\"catch States.ALL\"| " + node("BranchAFailed").id());
        assertThat(mermaid).contains(node("TrainSpec").id() + "[\"TrainSpec\"]:::task");
    }

    @Test
    void dotDeclaresClustersAndEveryEdgeEndpoint() {
        String dot = DotRenderer.render(graph, "Saturday");
        assertThat(dot).startsWith("digraph saturday {").endsWith("}\n");
        assertThat(dot.lines().filter(l -> l.trim().startsWith("subgraph cluster_"))).hasSize(3);
        for (StateGraph.Edge e : graph.edges()) {
            assertThat(dot).contains("  " + e.from() + " -> " + e.to());
        }
        assertThat(dot).contains("style=dashed");
    }

    @Test
    void aDefinitionWithoutStatesIsRejectedByName() {
        assertThatThrownBy(() -> StateGraph.of(new ObjectMapper().createObjectNode()))
                .hasMessageContaining("'States'");
    }

    private static StateGraph.Node node(String stateName) {
        return graph.nodes().stream().filter(n -> n.stateName().equals(stateName) && n.kind() != StateGraph.NodeKind.JOIN)
                .findFirst().orElseThrow();
    }

    private static StateGraph.Node nodeById(String id) {
        return graph.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }
}
