package io.lamassu.storage.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Operating-system file locks ({@code fcntl}/{@code flock} through {@link FileChannel#lock}),
 * which also hold between processes. A JVM holds one lock per file, so in-process callers are
 * serialised by a lock of their own first.
 */
public final class FileLocks {
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    /**
     * Holds {@code lockFile} exclusively until the returned handle is closed, or fails at once with
     * {@code refusal} when another process (or another server in this JVM) holds it.
     */
    public static AutoCloseable exclusiveOrRefuse(Path lockFile, String refusal) {
        FileChannel ch = open(lockFile);
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new IllegalStateException(refusal);
            }
            return ch::close;
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new IllegalStateException(refusal);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    /**
     * Runs {@code work} while holding {@code lockFile}, waiting for other holders: servers sharing
     * a data directory create its secrets one at a time, so the second reads what the first wrote.
     */
    public static <T> T whileLocked(Path lockFile, Supplier<T> work) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = open(lockFile); FileLock ignored = ch.lock()) {
            return work.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        } finally {
            local.unlock();
        }
    }

    private static FileChannel open(Path lockFile) {
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open lock file " + lockFile, e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing releases nothing we hold.
        }
    }
}
