package io.saturdayzoo.local;

import io.saturdayzoo.local.cli.SaturdayCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two runs in one data directory: the second refuses at once, naming the first; a dead run's lock is taken over. */
class DataDirLockTest {

    /** Another JVM holding the lock, as a second `saturday run` in another terminal would. */
    private static Process holder(Path dataDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), dataDir.toString()).redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(line).as("the holder took the lock").isEqualTo(LockHolder.LOCKED);
        return process;
    }

    @Test
    void aSecondRunInTheSameDataDirectoryRefusesAtOnceNamingTheFirst(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        Process first = holder(dataDir);
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            // a small dry run, should the refusal ever slip behind start-up again
            int code = SaturdayCli.execute(new String[]{"run", "--local", "--data-dir", dataDir.toString(), "--rows",
                    "200", "--input", "{\"preflight_only\": true}"}, new PrintWriter(out, true), new PrintWriter(err, true));

            assertThat(code).isEqualTo(SaturdayCli.FAILED);
            assertThat(err.toString()).hasLineCount(1).startsWith("saturday: " + dataDir
                    + " is in use by another saturday run (pid " + first.pid() + ", started ");
            assertThat(out.toString()).as("nothing synthesized or started").isEmpty();
            assertThat(Files.list(dataDir)).extracting(Path::getFileName).extracting(Path::toString)
                    .containsExactly(DataDirLock.FILE);
        } finally {
            first.getOutputStream().close(); // the holder releases the lock and exits
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> notes = new ArrayList<>();
        try (DataDirLock lock = DataDirLock.acquire(dataDir, notes::add)) {
            assertThat(notes).as("a lock released on exit leaves nothing to take over").isEmpty();
            assertThatThrownBy(() -> DataDirLock.acquire(dataDir, notes::add))
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void theLockOfARunThatDiedIsTakenOverWithANote(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        Process crashed = holder(dataDir);
        crashed.destroyForcibly(); // SIGKILL: no chance to clear the file
        assertThat(crashed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dataDir.resolve(DataDirLock.FILE))).contains("pid " + crashed.pid());

        List<String> notes = new ArrayList<>();
        try (DataDirLock lock = DataDirLock.acquire(dataDir, notes::add)) {
            assertThat(notes).singleElement().asString()
                    .contains("took over the lock", "no longer running", "pid " + crashed.pid());
            assertThat(Files.readString(dataDir.resolve(DataDirLock.FILE)))
                    .startsWith("pid " + ProcessHandle.current().pid());
        }
    }
}
