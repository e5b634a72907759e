import java.sql.*;

/**
 * Seeds N runs waiting in HEALING for a retry due in an hour, older than anything the benchmark submits, into the embedded
 * PostgreSQL of a running service (its port is in the service's log: "postmaster started ... on port N"), and shows how the
 * claim query of the workers finds work among them.
 *
 *   java -cp "$(bench/classpath.sh cku-audit)" bench/SeedWaitingRuns.java <port> 20000
 */
public class SeedWaitingRuns {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            int n = s.executeUpdate("""
                INSERT INTO runs (id, tenant, submitted_by, intent, mode, status, labels, evidence, created_at, updated_at, due_at)
                SELECT gen_random_uuid(), 'default', 'user:admin', 'waiting for a retry', 'dev', 'HEALING', '{}', '{}',
                       now() - interval '1 day' + g * interval '1 millisecond', now(), now() + interval '1 hour'
                FROM generate_series(1, %s) g""".formatted(args[1]));
            s.execute("ANALYZE runs");
            long t = System.nanoTime();
            try (ResultSet rs = s.executeQuery("EXPLAIN ANALYZE SELECT id FROM runs WHERE (status IN ('PENDING', 'GATING', 'RUNNING') OR (status = 'HEALING' AND due_at IS NULL)) AND (lease_until IS NULL OR lease_until < now()) ORDER BY created_at LIMIT 1")) {
                while (rs.next()) System.out.println(rs.getString(1));
            }
            System.out.println("seeded " + n + "; explain took " + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
    }
}
