package io.saturdayzoo.local.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Graphviz {@code dot} to turn DOT text into SVG or PNG; tells how to install it when it is missing. */
public final class Graphviz {
    public static final String INSTALL_HINT = "Graphviz 'dot' is not installed; install it with "
            + "`apt-get install graphviz` (Debian/Ubuntu) or `brew install graphviz` (macOS), "
            + "or write Mermaid instead with --out saturday.mmd";

    private final String executable;

    public Graphviz(String executable) {
        this.executable = executable;
    }

    public static Graphviz onPath() {
        return new Graphviz("dot");
    }

    public boolean available() {
        try {
            Process p = new ProcessBuilder(executable, "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes {@code dot -T<format>} of the DOT text to {@code out}; format is "svg" or "png". */
    public void render(String dot, String format, Path out) throws IOException {
        if (!available()) {
            throw new IOException(INSTALL_HINT);
        }
        Process p = new ProcessBuilder(List.of(executable, "-T" + format, "-o", out.toString()))
                .redirectErrorStream(true).start();
        p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("dot -T" + format + " failed: " + messages.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running dot", e);
        }
        if (!Files.exists(out)) {
            throw new IOException("dot -T" + format + " wrote no " + out);
        }
    }
}
