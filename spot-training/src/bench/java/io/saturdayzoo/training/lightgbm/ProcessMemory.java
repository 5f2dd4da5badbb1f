package io.saturdayzoo.training.lightgbm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory as the kernel counts it (/proc/self/status), in MB: what /usr/bin/time reports. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Resident now. */
    static double residentMb() {
        return kb("VmRSS") / 1024.0;
    }

    /** The most this process has held resident so far. */
    static double peakMb() {
        return kb("VmHWM") / 1024.0;
    }

    private static long kb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("/proc/self/status has no " + field);
    }
}
