package io.lamassu;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqliteDomainMetricsTest extends DomainMetricsContract {
    @BeforeAll
    static void start() {
        startWith(TestApp.sqlite());
    }

    /**
     * The dashboard, the alert rules and the metrics document name only meters that exist. The job
     * timer appears after the first scheduled run (hourly in tests; OperationsMetricsTest covers it).
     */
    @Test
    void dashboardRulesAndDocsNameRealMeters() throws java.io.IOException {
        String serial = api.signOk("metrics-ca", csr("metrics-docs"), null).get("serial_number").asText();
        api.setStatus(api.operator, serial, "REVOKED", "Superseded");
        app.app().outboxRelay().drain();
        String text = scrape();
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (String file : List.of("deploy/grafana-dashboard.json", "deploy/prometheus-rules.yaml", "docs/operations.md")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(lamassu|hikaricp)_[a-z_]+[a-z]")
                    .matcher(java.nio.file.Files.readString(java.nio.file.Path.of(file)));
            while (m.find()) {
                named.add(m.group());
            }
        }
        assertThat(named).hasSizeGreaterThan(10);
        for (String name : named) {
            if (name.startsWith("lamassu_job_duration") || name.equals("hikaricp_connections_")) {
                continue;
            }
            assertThat(text).as(name).containsPattern("(?m)^" + name + "(_[a-z]+)?[{ ]");
        }
    }

    @Test
    void theSqliteWriterReportsItsCommitGroupSizes() {
        assertThat(sample(scrape(), "lamassu_sqlite_commit_group_size_count", "")).isGreaterThan(0);
    }
}
