package io.saturdayzoo.local.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SaturdayCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SaturdayCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static String fixture() throws URISyntaxException {
        return Path.of(SaturdayCliTest.class.getResource("/definition/saturday-fixture.asl.json").toURI()).toString();
    }

    @Test
    void graphWritesMermaidAndDotByExtension(@TempDir Path dir) throws Exception {
        assertThat(run("graph", "--definition", fixture(), "--out", dir.resolve("s.mmd").toString())).isZero();
        assertThat(Files.readString(dir.resolve("s.mmd"))).startsWith("flowchart TD").contains("subgraph");
        assertThat(run("graph", "--definition", fixture(), "--out", dir.resolve("s.dot").toString())).isZero();
        assertThat(Files.readString(dir.resolve("s.dot"))).startsWith("digraph saturday");
        assertThat(run("graph", "--definition", fixture())).isZero();
        assertThat(out.toString()).contains("flowchart TD");
    }

    @Test
    void badUsageIsExitCodeTwoWithTheOptionNamed(@TempDir Path dir) throws Exception {
        assertThat(run("graph", "--definition", fixture(), "--out", dir.resolve("s.gif").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out").contains("gif");
        assertThat(run("leaderboard", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--data-dir").contains("no local registry");
        assertThat(run("run")).isEqualTo(2);
        assertThat(run("run", "--local", "--as-of", "2026-13-05")).isEqualTo(2);
        assertThat(err.toString()).contains("--as-of").contains("2026-13-05");
        assertThat(run()).isEqualTo(2);
    }
}
