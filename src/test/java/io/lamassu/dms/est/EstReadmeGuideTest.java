package io.lamassu.dms.est;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.Openssl;
import io.lamassu.testkit.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README "Enroll a device with EST", run literally (bash, curl, openssl) against a real server:
 * the guide must keep working as written.
 */
class EstReadmeGuideTest {
    static String guide() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Enroll a device with EST");
        assertThat(section).as("README section").isPositive();
        int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    @Test
    void readmeGuideRunsAsWritten() throws Exception {
        Openssl.inTempDir();
        String script = guide();
        try (TestApp app = TestApp.sqlite()) {
            Path dir = Files.createTempDirectory("est-guide");
            ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
                    .directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("API", app.httpsBase());
            pb.environment().put("CACERT", app.app().bootstrapCaCertificate().toString());
            pb.environment().put("ADMIN", app.token("admin"));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("device.pem: OK", "renewed.pem: OK", "sensor-0002.pem: OK",
                    "key matches certificate", "\"active_version\":1");
        }
    }
}
