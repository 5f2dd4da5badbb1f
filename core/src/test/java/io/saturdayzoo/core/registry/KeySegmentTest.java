package io.saturdayzoo.core.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one rule for ids that become bucket key segments: every layout method and every caller's argument check. */
class KeySegmentTest {
    @Test
    void idsThatCouldLeaveTheirPrefixOrHideCharactersAreRefusedNamingTheField() {
        for (String bad : List.of("", " ", "/", "../../x", "a/b", ".", "..", "a\\b", "a\nb", "a\u0000b", "\u007F",
                "x".repeat(ArtifactStore.MAX_SEGMENT_LENGTH + 1))) {
            assertThatThrownBy(() -> ArtifactStore.requireSegment("--execution-id", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--execution-id: must be a safe key segment")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("\\p{Cntrl}"));
            assertThatThrownBy(() -> ArtifactStore.runPrefix(bad, "spec")).as(bad)
                    .hasMessageStartingWith("executionId: must be a safe key segment");
            assertThatThrownBy(() -> ArtifactStore.checkpointPrefix(bad)).as(bad)
                    .hasMessageStartingWith("jobId: must be a safe key segment");
        }
        assertThatThrownBy(() -> ArtifactStore.requireSegment("--job-id", "a\nb"))
                .hasMessageEndingWith("got 'a\\u000Ab'");
        assertThatThrownBy(() -> ArtifactStore.requireSegment("--job-id", null)).hasMessageEndingWith("got 'null'");
    }

    @Test
    void ordinaryIdsPass() {
        for (String ok : List.of("ex-1", "manual-20260101T060000", "churn-gbdt", "a..b", "...", "v1.2_x",
                "0f8e2c1a-6b7d-4c4e-9a51-2f6d3e1b7c90", "x".repeat(ArtifactStore.MAX_SEGMENT_LENGTH))) {
            assertThat(ArtifactStore.requireSegment("id", ok)).isEqualTo(ok);
        }
        assertThat(ArtifactStore.runPrefix("ex-1", "churn-gbdt")).isEqualTo("runs/ex-1/churn-gbdt/");
    }
}
