package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The data directory is 0700 and the SQLite database, WAL and SHM 0600 (issue 7): the database is not encrypted. */
class DataFilePermissionsTest {
    @Test
    void dataDirectoryAndDatabaseFilesAreOwnerOnly() throws Exception {
        Path dir = Files.createTempDirectory("perm").resolve("data");
        var base = TestApp.config("");
        var config = new io.lamassu.config.LamassuConfig(dir, base.server(), base.storage(), base.auth(), base.pki(),
                base.jobs());
        try (TestApp app = TestApp.start(config)) {
            // A write makes sure the WAL and SHM exist.
            app.app().jdbc().update("INSERT INTO audit_log (at, actor_type, actor_id, action, object_type,"
                    + " object_id, outcome, detail, request_id) VALUES (0, 'test', 'test', 'x', 'x', 'x',"
                    + " 'SUCCESS', '', 'r')");
            assertThat(mode(dir)).isEqualTo("rwx------");
            for (String name : new String[] {"lamassu.db", "lamassu.db-wal", "lamassu.db-shm"}) {
                Path f = dir.resolve(name);
                assertThat(f).as(name).exists();
                assertThat(mode(f)).as(name).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void filesLeftWorldReadableByAnOlderVersionAreTightened() throws Exception {
        Path dir = Files.createTempDirectory("perm-old");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Database.sqlite(dir.resolve("t.db")).close();
        Files.setPosixFilePermissions(dir.resolve("t.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Database.sqlite(dir.resolve("t.db")).close();
        assertThat(mode(dir.resolve("t.db"))).isEqualTo("rw-------");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
