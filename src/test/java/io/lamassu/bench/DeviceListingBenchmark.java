package io.lamassu.bench;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import io.lamassu.devices.Device;
import io.lamassu.devices.DeviceFields;
import io.lamassu.devices.DeviceLifecycleJob;
import io.lamassu.devices.DeviceService;
import io.lamassu.devices.storage.JdbcDeviceRepository;
import io.lamassu.events.inmemory.InMemoryEventBus;
import io.lamassu.events.outbox.OutboxEventPublisher;
import io.lamassu.events.outbox.OutboxRelay;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.postgresql.PGConnection;

/**
 * Device listing, stats and lifecycle at fleet scale on PostgreSQL. Run (PostgreSQL on localhost):
 * <pre>
 * mvn -B -q test-compile && java -cp "target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath
 *   -Dmdep.outputFile=/dev/stdout)" io.lamassu.bench.DeviceListingBenchmark \
 *   'jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres' 1000000
 * </pre>
 * It creates (and drops at the start) the database {@code lamassu_bench}, bulk-loads the devices
 * with COPY, then measures through the real repository and services.
 */
public final class DeviceListingBenchmark {
    static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
    static final long YEAR_MS = 365L * 86400_000L;
    static final String[] STATUSES = {"ACTIVE", "RENEWAL_WINDOW", "ABOUT_TO_EXPIRE", "EXPIRED", "REVOKED",
        "NO_IDENTITY", "DECOMMISSIONED"};
    static final int[] WEIGHTS = {70, 8, 3, 4, 3, 10, 2};
    static int due = 100_000;

    public static void main(String[] args) throws Exception {
        String admin = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        due = n / 10;
        // -Dbench.db names the scratch database; -Dbench.only=stats,lifecycle skips the other sections.
        // -Dbench.reuse=true keeps a database loaded by an earlier run and only re-arms the due devices.
        boolean reuse = Boolean.getBoolean("bench.reuse");
        String name = System.getProperty("bench.db", "lamassu_bench");
        String url = reuse ? urlOf(admin, name) : recreate(admin, name);
        String only = System.getProperty("bench.only", "listings,stats,lifecycle");
        try (Database db = Database.postgres(url, null, null, 4)) {
            Jdbc jdbc = new Jdbc(new Tx(db));
            long t0 = System.nanoTime();
            if (reuse) {
                rearm(db);
            } else {
                load(db, n);
            }
            System.out.printf("%s %,d devices in %.1f s%n", reuse ? "re-armed the due devices of" : "loaded (COPY + index"
                    + " build + VACUUM ANALYZE)", n, (System.nanoTime() - t0) / 1e9);
            JdbcDeviceRepository repo = new JdbcDeviceRepository(jdbc);
            if (only.contains("listings")) {
                listings(repo);
            }
            if (only.contains("stats")) {
                stats(jdbc, repo);
            }
            if (only.contains("lifecycle")) {
                lifecycle(jdbc, repo);
            }
        }
    }

    static String recreate(String admin, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return urlOf(admin, name);
    }

    /**
     * Puts the first DUE devices back to ACTIVE, due at their renewal window (as loaded), and
     * empties the event tables, so the lifecycle section can be repeated without a reload.
     */
    static void rearm(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM device_events");
            s.execute("DELETE FROM event_outbox");
            s.execute("UPDATE device_state s SET status = 'ACTIVE', next_transition_at = (EXTRACT(EPOCH FROM"
                    + " CAST(d.identity_slot ->> 'renewal_window_at' AS TIMESTAMPTZ)) * 1000)::bigint FROM devices d"
                    + " WHERE d.id = s.id AND s.id < 'dev-" + String.format("%07d", due) + "'");
            s.execute("VACUUM ANALYZE device_state");
            s.execute("VACUUM ANALYZE device_events");
            s.execute("VACUUM ANALYZE event_outbox");
        }
    }

    static String urlOf(String admin, String name) {
        int q = admin.indexOf('?');
        String base = admin.substring(0, admin.lastIndexOf('/', q < 0 ? admin.length() : q) + 1);
        return base + name + (q < 0 ? "" : admin.substring(q));
    }

    static void load(Database db, int n) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 10; i++) {
                s.execute("INSERT INTO dms (id, name, creation_ts, metadata, settings) VALUES ('dms-" + i + "', 'd', 0,"
                        + " '{}', '{}')");
            }
            List<String> indexes = new ArrayList<>();
            var rs = s.executeQuery("SELECT indexdef, indexname FROM pg_indexes WHERE tablename IN ('devices',"
                    + " 'device_state') AND indexname NOT IN ('devices_pkey', 'device_state_pkey')");
            while (rs.next()) {
                indexes.add(rs.getString(1));
                s.addBatch("DROP INDEX " + rs.getString(2));
            }
            s.executeBatch();
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            Random rnd = new Random(42);
            for (int start = 0; start < n; start += 50_000) {
                StringBuilder sb = new StringBuilder();
                StringBuilder st = new StringBuilder();
                for (int i = start; i < Math.min(n, start + 50_000); i++) {
                    row(sb, st, i, rnd);
                }
                copy.copyIn("COPY devices (id, dms_owner, creation_timestamp, tags, metadata, identity_slot,"
                        + " cert_serial) FROM STDIN WITH (FORMAT csv)", new StringReader(sb.toString()));
                copy.copyIn("COPY device_state (id, dms_owner, status, creation_timestamp, next_transition_at, tags)"
                        + " FROM STDIN WITH (FORMAT csv)", new StringReader(st.toString()));
            }
            s.execute("SET maintenance_work_mem = '512MB'");
            for (String def : indexes) {
                s.execute(def);
            }
            // Sorting by a metadata path at this scale needs an expression index on that path (see BENCHMARKS.md).
            // The expressions are ListSql's JSON sort key for $.rank (ADR 0005).
            s.execute("CREATE INDEX devices_meta_rank ON devices ("
                    + "(CASE jsonb_typeof(jsonb_path_query_first(metadata, 'strict $.\"rank\"', '{}', true))"
                    + " WHEN 'number' THEN 0 WHEN 'string' THEN 1 WHEN 'boolean' THEN 2"
                    + " WHEN 'array' THEN 3 WHEN 'object' THEN 3 END),"
                    + " COALESCE(CAST(jsonb_path_query_first(metadata, 'strict $.\"rank\" ? (@.type() == \"number\")',"
                    + " '{}', true) AS numeric), 0),"
                    + " COALESCE(jsonb_path_query_first(metadata,"
                    + " 'strict $.\"rank\" ? (@.type() == \"string\" || @.type() == \"boolean\")', '{}', true)"
                    + " #>> '{}', ''), id)");
            s.execute("VACUUM ANALYZE devices");
            s.execute("VACUUM ANALYZE device_state");
        }
    }

    static String status(Random rnd) {
        int x = rnd.nextInt(100);
        for (int i = 0; i < WEIGHTS.length; i++) {
            x -= WEIGHTS[i];
            if (x < 0) {
                return STATUSES[i];
            }
        }
        return "ACTIVE";
    }

    /** One CSV row; the first DUE devices are ACTIVE with their renewal window already open at "now". */
    static void row(StringBuilder sb, StringBuilder st, int i, Random rnd) {
        String status = i < due ? "ACTIVE" : status(rnd);
        long created = BASE.toEpochMilli() + i * 1000L;
        List<String> tags = new ArrayList<>();
        tags.add(rnd.nextInt(4) == 0 ? "gateway" : "sensor");
        tags.add(rnd.nextInt(10) < 7 ? "production" : "staging");
        if (rnd.nextInt(3) == 0) {
            tags.add("floor-" + rnd.nextInt(5));
        }
        String meta = "{\"location\":\"factory-floor-" + rnd.nextInt(20) + "\",\"model\":\"TH-" + rnd.nextInt(50)
                + "\",\"firmware\":\"v1." + rnd.nextInt(10) + "\",\"rank\":" + rnd.nextInt(1_000_000) + "}";
        String slot = "";
        String serial = "";
        String next = "";
        if (!status.equals("NO_IDENTITY")) {
            long now = now().toEpochMilli();
            long expiry = i < due ? now + 20 * 86400_000L : now + (long) (rnd.nextDouble() * YEAR_MS) + 40 * 86400_000L;
            long renewal = expiry - 31 * 86400_000L;
            long critical = expiry - 7 * 86400_000L;
            serial = Integer.toHexString(0x1000000 + i);
            slot = "{\"status\":\"" + (status.equals("DECOMMISSIONED") ? "REVOKED" : status) + "\",\"active_version\":0,"
                    + "\"type\":\"x509\",\"versions\":{\"0\":\"" + serial + "\"},\"serial_number\":\"" + serial
                    + "\",\"expiration_date\":\"" + Instant.ofEpochMilli(expiry) + "\",\"renewal_window_at\":\""
                    + Instant.ofEpochMilli(renewal) + "\",\"about_to_expire_at\":\"" + Instant.ofEpochMilli(critical)
                    + "\",\"events\":[]}";
            next = status.equals("ACTIVE") ? Long.toString(renewal) : status.equals("RENEWAL_WINDOW")
                    ? Long.toString(critical) : status.equals("ABOUT_TO_EXPIRE") ? Long.toString(expiry) : "";
        }
        String id = "dev-" + String.format("%07d", i);
        sb.append(id).append(",dms-").append(i % 10).append(',').append(created).append(',').append(csv(toJson(tags)))
                .append(',').append(csv(meta)).append(',').append(slot.isEmpty() ? "" : csv(slot)).append(',')
                .append(serial).append('\n');
        st.append(id).append(",dms-").append(i % 10).append(',').append(status).append(',').append(created).append(',')
                .append(next).append(',').append(csv(toJson(tags))).append('\n');
    }

    static Instant now() {
        return BASE.plusMillis(400L * 86400_000L);
    }

    static String toJson(List<String> tags) {
        StringBuilder sb = new StringBuilder("[");
        for (String t : tags) {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(t).append('"');
        }
        return sb.append(']').toString();
    }

    static String csv(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static void listings(JdbcDeviceRepository repo) {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("all (default sort)", new String[] {});
        cases.put("dms_owner[eq]dms-3", new String[] {"filter", "dms_owner[eq]dms-3"});
        cases.put("status[eq]ACTIVE", new String[] {"filter", "status[eq]ACTIVE"});
        cases.put("status[eq]ABOUT_TO_EXPIRE (3%)", new String[] {"filter", "status[eq]ABOUT_TO_EXPIRE"});
        cases.put("tags[contains]production", new String[] {"filter", "tags[contains]production"});
        cases.put("tags[contains]floor-2 (6.7%)", new String[] {"filter", "tags[contains]floor-2"});
        cases.put("metadata location == factory-floor-3 (5%)",
                new String[] {"filter", "metadata[jsonpath]$.location == \"factory-floor-3\""});
        cases.put("creation_timestamp range (200k)", new String[] {"filter", "creation_timestamp[af]2025-01-03T00:00:00Z",
            "filter", "creation_timestamp[bf]2025-01-05T07:33:20Z"});
        cases.put("sorted creation_timestamp desc", new String[] {"sort_by", "creation_timestamp", "sort_mode", "desc"});
        cases.put("sorted metadata[jsonpath]$.rank", new String[] {"sort_by", "metadata[jsonpath]$.rank"});
        System.out.println();
        System.out.println("| listing (page_size 25) | first page p50 | p99 | page 1,000 p50 | p99 |");
        System.out.println("|---|---|---|---|---|");
        for (var e : cases.entrySet()) {
            ListQuery first = query(e.getValue(), null);
            double[] p1 = time(() -> repo.list(first), 100);
            String bookmark = deep(repo, first, 999);
            String cell;
            if (bookmark == null) {
                cell = "| (fewer than 1,000 pages) | |";
            } else {
                ListQuery deep = query(new String[] {}, bookmark);
                double[] pd = time(() -> repo.list(deep), 100);
                cell = String.format("| %.2f ms | %.2f ms |", pd[0], pd[1]);
            }
            System.out.printf("| %s | %.2f ms | %.2f ms %s%n", e.getKey(), p1[0], p1[1], cell);
        }
    }

    static ListQuery query(String[] params, String bookmark) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            q.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
        }
        if (bookmark != null) {
            q.put("bookmark", List.of(bookmark));
        }
        return QueryParser.parse(q, DeviceFields.FIELDS);
    }

    /** The bookmark that yields page {@code pages + 1}. */
    static String deep(JdbcDeviceRepository repo, ListQuery first, int pages) {
        Page<Device> p = repo.list(first);
        for (int i = 1; i < pages && !p.next().isEmpty(); i++) {
            p = repo.list(query(new String[] {}, p.next()));
        }
        return p.next().isEmpty() ? null : p.next();
    }

    static void stats(Jdbc jdbc, JdbcDeviceRepository repo) {
        io.lamassu.devices.DmsDirectory none = new io.lamassu.devices.DmsDirectory() {
            @Override
            public java.util.Optional<io.lamassu.devices.RenewalDeltas> deltas(String dmsId) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Set<String> identityCas(String dmsId) {
                return java.util.Set.of();
            }
        };
        DeviceService svc = new DeviceService(repo, none, null, null, Clock.systemUTC());
        System.out.println();
        double[] all = time(() -> svc.stats(List.of()), 50);
        var f = QueryParser.parseFilters(List.of("dms_owner[eq]dms-3"), DeviceFields.FIELDS);
        double[] dms = time(() -> svc.stats(f), 50);
        var t = QueryParser.parseFilters(List.of("tags[contains]floor-2"), DeviceFields.FIELDS);
        double[] tag = time(() -> svc.stats(t), 20);
        System.out.printf("stats (1M, no filter): p50 %.1f ms, p99 %.1f ms%n", all[0], all[1]);
        System.out.printf("stats dms_owner[eq]dms-3: p50 %.1f ms, p99 %.1f ms%n", dms[0], dms[1]);
        System.out.printf("stats tags[contains]floor-2: p50 %.1f ms, p99 %.1f ms%n", tag[0], tag[1]);
        // Not a counter-table filter: one GROUP BY over the ~50k matching devices (joined to their state).
        var m = QueryParser.parseFilters(List.of("metadata[jsonpath]$.location == \"factory-floor-3\""),
                DeviceFields.FIELDS);
        double[] meta = time(() -> svc.stats(m), 20);
        System.out.printf("stats metadata location == factory-floor-3 (5%%): p50 %.1f ms, p99 %.1f ms%n", meta[0], meta[1]);
    }

    static void lifecycle(Jdbc jdbc, JdbcDeviceRepository repo) {
        Clock clock = Clock.fixed(now(), ZoneOffset.UTC);
        OutboxEventPublisher events = new OutboxEventPublisher(jdbc, clock, "bench", new OutboxRelay(jdbc,
                new InMemoryEventBus()));
        DeviceLifecycleJob job = new DeviceLifecycleJob(repo, events, new AuditTrail(jdbc, clock));
        long t0 = System.nanoTime();
        int moved = job.runOnce(now());
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.println();
        System.out.printf("lifecycle: %,d transitions in %.2f s = %,.0f transitions/s (each: device row, device event,"
                + " outbox event, in batches of %d)%n", moved, secs, moved / secs, DeviceLifecycleJob.BATCH);
        double[] idle = time(() -> job.runOnce(now()), 200);
        System.out.printf("idle run (nothing due, %,d devices scheduled): p50 %.3f ms, p99 %.3f ms%n",
                jdbc.count("SELECT COUNT(*) FROM device_state WHERE next_transition_at IS NOT NULL"), idle[0], idle[1]);
    }

    static double[] time(Runnable r, int runs) {
        for (int i = 0; i < 5; i++) {
            r.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)]};
    }
}
