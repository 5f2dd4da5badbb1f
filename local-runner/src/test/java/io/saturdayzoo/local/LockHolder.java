package io.saturdayzoo.local;

import java.nio.file.Path;

/** Holds a data directory's lock from its own process until its standard input closes (DataDirLockTest). */
public final class LockHolder {
    static final String LOCKED = "locked";

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (DataDirLock lock = DataDirLock.acquire(Path.of(args[0]), note -> { })) {
            System.out.println(LOCKED);
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the test to close our input
            }
        }
    }
}
