package io.saturdayzoo.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One local run at a time per data directory: {@value #FILE} under it, locked by the operating system for as long
 * as the run's process lives, holding that process's id so a second run can name the first. The system releases
 * the lock when the process ends, however it ends; a lock file left behind by a process that died without closing
 * it is taken over with a note.
 */
public final class DataDirLock implements AutoCloseable {
    public static final String FILE = "run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the data directory's lock (creating the directory) or refuses at once.
     *
     * @param notes hears about a stale lock taken over
     * @throws IllegalStateException naming the process that holds the lock
     */
    public static DataDirLock acquire(Path dataDir, Consumer<String> notes) {
        Path file = dataDir.toAbsolutePath().resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldByThisProcess) {
                lock = null;
            }
            String holder = read(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException(dataDir + " is in use by another saturday run ("
                        + (holder.isBlank() ? "process unknown" : holder) + "); wait for it to finish or stop it, "
                        + "or give this run another --data-dir");
            }
            if (!holder.isBlank()) {
                notes.accept("took over the lock " + file + " left by a run that is no longer running (" + holder + ")");
            }
            ProcessHandle self = ProcessHandle.current();
            write(channel, "pid " + self.pid() + ", started " + self.info().startInstant().orElse(Instant.now()));
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** Empties the file, then releases it. (Not deleted: a waiting process could lock a file no longer listed.) */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the data directory lock", e);
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    private static void write(FileChannel channel, String text) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }
}
