package io.lamassu.storage.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files holding secrets: created with owner-only permissions (0600) before any byte is written;
 * directories holding them 0700. On file systems without POSIX permissions these are no-ops.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {
    }

    /**
     * Creates {@code dir} (and missing parents) and makes it 0700; an existing directory is
     * tightened to 0700 too, since everything this server keeps in it (database, keys, tokens) is
     * private to the server. A directory whose mode cannot be changed (not ours) is logged, not
     * fatal: the files in it are still created 0600.
     */
    public static void ownerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // created concurrently: tightened below
            }
        }
        try {
            restrict(dir, DIRECTORY);
        } catch (IOException e) {
            // A directory someone else owns (e.g. a shared mount): it still works; say so once.
            org.slf4j.LoggerFactory.getLogger(SecretFiles.class).warn(
                    "cannot make the data directory {} owner-only (0700): {}", dir, e.toString());
        }
    }

    /**
     * Makes {@code file} 0600, creating it empty first when missing, so that a program that opens
     * it later (SQLite for its database; it gives the -wal and -shm files the database's mode)
     * never creates it world-readable.
     */
    public static void ownerOnlyFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // exists: tightened below
        }
        restrict(file, FILE);
    }

    /** Tightens an existing file to 0600 (no-op when missing). */
    public static void restrictIfPresent(Path file) throws IOException {
        if (Files.exists(file)) {
            restrict(file, FILE);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> perms) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path).equals(perms)) {
                Files.setPosixFilePermissions(path, perms);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to tighten
        }
    }

    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content);
        // Atomic rename: a crash never leaves a half-written key behind.
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
