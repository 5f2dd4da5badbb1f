package io.saturdayzoo.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeCommitTest {

    @Test
    void contextWinsAndIsValidated() {
        assertThat(CodeCommit.resolve("0123abcd", Path.of(""))).isEqualTo("0123abcd");
        assertThatThrownBy(() -> CodeCommit.resolve("main", Path.of("")))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("codeCommit").hasMessageContaining("'main'");
    }

    @Test
    void aCheckoutGivesItsHeadAndAFolderWithoutGitGivesUnknown(@TempDir Path dir) throws Exception {
        assertThat(CodeCommit.resolve(null, Path.of(""))).matches("[0-9a-f]{40}");
        Files.writeString(dir.resolve("cdk.json"), "{}");
        assertThat(CodeCommit.resolve(null, dir)).isEqualTo(CodeCommit.UNKNOWN);
    }
}
