package io.lamassu;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.http.ProbeAccess;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void tokenMintedForTheServersDataDirectoryIsAcceptedByTheServer() {
        try (TestApp app = TestApp.start(TestApp.config(""), ProbeAccess.module())) {
            Run viewer = run("token", "--role", "viewer", "--ttl", "10m", "--data-dir", app.dataDir().toString());
            assertThat(viewer.exit()).as(viewer.err()).isZero();
            String token = viewer.out().strip();
            assertThat(TestHttp.tls(app, token).get("/api/test/probe/1").status()).isEqualTo(200);
            assertThat(TestHttp.tls(app, token).delete("/api/test/probe/1").status()).isEqualTo(403);
        }
    }

    @Test
    void badArgumentsExitNonZeroWithAMessage() {
        Run role = run("token", "--role", "root");
        assertThat(role.exit()).isNotZero();
        assertThat(role.err()).contains("--role");
        Run ttl = run("token", "--role", "admin", "--ttl", "forever");
        assertThat(ttl.exit()).isNotZero();
        assertThat(ttl.err()).contains("invalid duration");
    }

    @Test
    void configPrintsTheEffectiveConfigurationWithoutSecrets() {
        Run r = run("config", "--data-dir", "/tmp/lamassu-config-test");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("https_port: 8443", "data_dir: \"/tmp/lamassu-config-test\"");
    }
}
