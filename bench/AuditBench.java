// Measures the audit chain on the service's own database (embedded PostgreSQL unless --cku.db.url says otherwise):
//
//   1. appends: W writer threads (32 by default) each append entries, one transaction per entry as a change's
//      transaction would; reported as committed appends per second, and as entries linked into the chain per second
//      (until the sequencer has integrated the last one);
//   2. verification: the chain is grown to at least V entries (1,000,000 by default) in bulk, then GET /audit/verify's
//      walk over all of them is timed; reported as verified entries per second.
//
//     bench/audit-bench.sh                                  # builds cku-app, then runs this file
//     bench/audit-bench.sh --appends 200000 --writers 32 --verify 1000000
//
// The targets on a 2-core machine with embedded PostgreSQL: 10,000 appends/s and 300,000 verified entries/s.
// The service starts on a random port (no request is sent to it) in a fresh data directory under /tmp, deleted afterwards.

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.cku.app.CkuApplication;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.shared.audit.Verification;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

public class AuditBench {

    public static void main(String[] args) throws Exception {
        int appends = option(args, "--appends", 200_000);
        int writers = option(args, "--writers", 32);
        int verify = option(args, "--verify", 1_000_000);
        Path dataDir = Files.createTempDirectory("cku-audit-bench-");
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--cku.data-dir=" + dataDir,
                "--cku.orchestrator.workers=1", "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
        for (String arg : args) {
            if (arg.startsWith("--cku.") || arg.startsWith("--spring.")) {
                arguments.add(arg);
            }
        }
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CkuApplication.class)
                .run(arguments.toArray(String[]::new))) {
            AuditLog audit = service.getBean(AuditLog.class);
            JdbcClient jdbc = service.getBean(JdbcClient.class);
            System.out.printf(Locale.ROOT, "CKU audit benchmark: JDK %s, %d cores, PostgreSQL %s (fsync %s, synchronous_commit %s)%n",
                    Runtime.version(), Runtime.getRuntime().availableProcessors(), setting(jdbc, "server_version"), setting(jdbc, "fsync"),
                    setting(jdbc, "synchronous_commit"));
            appendPhase(audit, writers, appends / 10, false);
            appendPhase(audit, writers, appends, true);
            verifyPhase(audit, jdbc, verify);
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void appendPhase(AuditLog audit, int writers, int count, boolean report) throws Exception {
        long before = audit.integrate();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            Actor writer = new Actor(Actor.Kind.SERVICE_ACCOUNT, "writer-" + w, new TenantId("bench"));
            int first = w;
            done.add(pool.submit(() -> {
                for (int n = first; n < count; n += writers) {
                    audit.append(new AuditRecord(writer, "bench.append", "entry-" + n,
                            Map.of("n", n, "step", "deploy", "reason", "benchmark entry with a few details", "ok", true)));
                }
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        long committed = System.nanoTime();
        long size = audit.integrate();
        long linked = System.nanoTime();
        pool.shutdown();
        if (size - before < count) {
            throw new IllegalStateException("only " + (size - before) + " of " + count + " entries were linked");
        }
        if (report) {
            System.out.printf(Locale.ROOT, "appends:  %,d entries from %d writers, one transaction each: %,.0f appends/s committed"
                    + " (%.2f s); all linked into the chain after %.2f s: %,.0f entries/s%n", count, writers,
                    count / seconds(committed - start), seconds(committed - start), seconds(linked - start), count / seconds(linked - start));
        }
    }

    private static void verifyPhase(AuditLog audit, JdbcClient jdbc, int target) throws Exception {
        long size = audit.integrate();
        if (size < target) {
            bulkAppend(audit, (int) (target - size));
            size = audit.integrate();
        }
        jdbc.sql("VACUUM ANALYZE audit_chain").update();
        audit.verify(Math.max(1, size - 100_000), size); // warm up the code and the cache
        for (int round = 1; round <= 2; round++) {
            long start = System.nanoTime();
            Verification result = audit.verify(1, Long.MAX_VALUE);
            long took = System.nanoTime() - start;
            if (!result.valid()) {
                throw new IllegalStateException("the chain does not verify: " + result.reason());
            }
            System.out.printf(Locale.ROOT, "verify:   %,d entries in %.2f s: %,.0f entries/s (round %d)%n", result.checked(), seconds(took),
                    result.checked() / seconds(took), round);
        }
    }

    /** Grows the chain quickly: a few writers appending a thousand entries per transaction. */
    private static void bulkAppend(AuditLog audit, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        Actor writer = new Actor(Actor.Kind.SYSTEM, "system", new TenantId("bench"));
        for (int from = 0; from < count; from += 1000) {
            int first = from;
            done.add(pool.submit(() -> {
                List<AuditRecord> records = new ArrayList<>();
                for (int n = first; n < Math.min(count, first + 1000); n++) {
                    records.add(new AuditRecord(writer, "bench.bulk", "entry-" + n, Map.of("n", n, "reason", "bulk benchmark entry")));
                }
                audit.appendAll(records);
            }));
        }
        for (Future<?> batch : done) {
            batch.get();
        }
        pool.shutdown();
    }

    private static String setting(JdbcClient jdbc, String name) {
        return jdbc.sql("SELECT current_setting(?)").param(name).query(String.class).single();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
