// CKU performance report: starts the service jar on a fresh data directory (embedded PostgreSQL, durable defaults), warms
// it up, measures every row of issue 18's table and prints them as one table, with the target beside each figure.
//
//   bench/perf-report.sh                         # builds the jar when it is missing, then runs this file
//   java bench/PerfReport.java --jar cku-app/target/cku-app.jar [--port 18181] [--runs 3000] [--quick]
//
// It measures from outside, on the same machine, as a user would: the run benchmark (bench/RunBench.java) for completed
// runs, a small HTTP/1.1 keep-alive client of its own for the per-route figures (it costs the machine far less CPU than
// java.net.http, as wrk would), /proc for the CPU time of the service and of the PostgreSQL processes, and
// pg_stat_database for commits and rows, read with the PostgreSQL driver the jar itself carries. Linux only (/proc).
// JDK 17+, no other dependency.

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

public class PerfReport {

    static final String RUN_BODY = "{\"intent\":\"bench run\",\"mode\":\"dev\",\"plan\":{\"steps\":[{\"name\":\"s1\",\"skill\":\"noop\"},"
            + "{\"name\":\"s2\",\"skill\":\"noop\"},{\"name\":\"s3\",\"skill\":\"noop\"}]}}";
    static final String PASSWORD = "perf-report-password-1";
    static final int READS = 2000;
    static final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path jar = Path.of("cku-app/target/cku-app.jar");
        int port = 18181;
        int runs = 3000;
        boolean quick = false;
        String javaOpts = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                case "--service-java-opts" -> javaOpts = args[++i];
                case "--help", "-h" -> {
                    System.out.println("usage: PerfReport [--jar cku-app/target/cku-app.jar] [--port 18181] [--runs 3000] [--quick] "
                            + "[--service-java-opts '-Xmx…']");
                    System.out.println("  --quick  shorter phases (about 2 minutes instead of 6): for a smoke check, not for figures");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " is not there: build it with ./mvnw -pl cku-app -am package -DskipTests");
        }
        int seconds = quick ? 5 : 15;
        Service service = Service.start(jar, port, javaOpts);
        try {
            report(service, runs, quick, seconds);
        } finally {
            service.stop();
        }
    }

    static void report(Service service, int runs, boolean quick, int seconds) throws Exception {
        String token = service.token();
        Database db = service.database();
        System.out.printf("service pid %d, PostgreSQL pid %d on port %d; warming up%n", service.pid, service.postmaster, service.pgPort);

        // Warm-up: the JIT, the pools and the caches, with the same load as the measured phase.
        runBench(service, token, quick ? 500 : 2000);
        idle(2);

        // End-to-end runs, with the JVM's and PostgreSQL's CPU and the database's work per completed run.
        Snapshot before = Snapshot.take(service, db);
        String out = runBench(service, token, runs);
        Snapshot after = Snapshot.take(service, db);
        Matcher rate = Pattern.compile("throughput \\(server clock\\)\\s*:?\\s*([0-9.]+)").matcher(out);
        double runsPerSecond = rate.find() ? Double.parseDouble(rate.group(1)) : Double.NaN;
        int counted = runs;
        row("completed runs/s (run benchmark, " + runs + " runs, 16 clients)", f0(runsPerSecond), ">= 600", runsPerSecond >= 600);
        double jvmPerRun = (after.jvmCpu - before.jvmCpu) * 1000 / counted;
        double pgPerRun = (after.pgCpu - before.pgCpu) * 1000 / counted;
        row("JVM CPU per completed run", f2(jvmPerRun) + " ms", "<= 1.5 ms", jvmPerRun <= 1.5);
        row("PostgreSQL CPU per completed run", f2(pgPerRun) + " ms", "<= 1.5 ms", pgPerRun <= 1.5);
        double commitsPerRun = (after.commits - before.commits) / (double) counted;
        double returnedPerRun = (after.returned - before.returned) / (double) counted;
        row("commits / rows returned per completed run", f1(commitsPerRun) + " / " + f0(returnedPerRun), "<= 4 / <= 100",
                commitsPerRun <= 4 && returnedPerRun <= 100);
        long rssUnderRuns = after.rssKb;

        // Idle: what the pollers cost when nothing happens, once they have slowed down after the load.
        idle(15);
        Snapshot idleFrom = Snapshot.take(service, db);
        int idleSeconds = quick ? 10 : 20;
        idle(idleSeconds);
        Snapshot idleTo = Snapshot.take(service, db);
        double idleCommits = (idleTo.commits - idleFrom.commits) / (double) idleSeconds;
        double idleCpu = (idleTo.jvmCpu - idleFrom.jvmCpu) * 100 / idleSeconds;

        // Reads one after another: their commits, the idle service's included (a few hundredths of a commit per read).
        String runId = submitOne(service, token);
        idle(1);
        byte[] get = Http.request("GET", "/runs/" + runId, service.port, token, null);
        Snapshot readsFrom = Snapshot.take(service, db);
        try (Http http = new Http(service.port)) {
            for (int i = 0; i < READS; i++) {
                check(http.exchange(get), 200, "GET /runs/{id}");
            }
        }
        Snapshot readsTo = Snapshot.take(service, db);
        double commitsPerRead = (readsTo.commits - readsFrom.commits) / (double) READS;
        row("commits per authenticated read; commits/s when idle", f2(commitsPerRead) + "; " + f1(idleCommits), "0-1; <= 2",
                commitsPerRead <= 1 && idleCommits <= 2);

        Load reads = Load.closed(service, get, 32, seconds, 5);
        row("GET /runs/{id} req/s, 32 connections", f0(reads.perSecond()) + "  (p99 " + f1(reads.p(0.99)) + " ms, " + f2(reads.cpuPerRequest)
                + " ms CPU/req)", ">= 4,000", reads.perSecond() >= 4000 && reads.ok());

        byte[] post = Http.request("POST", "/runs", service.port, token, RUN_BODY);
        Load submits = Load.closed(service, post, 32, quick ? 5 : 10, 2);
        long rssUnderSubmits = service.rssKb();
        long stopped = System.nanoTime();
        double drained = drain(service, token, stopped, 120);
        row("POST /runs accepted/s; backlog drained after", f0(submits.perSecond()) + "; " + (drained < 0 ? "> 120" : f1(drained)) + " s",
                ">= 1,500; <= 10 s", submits.perSecond() >= 1500 && drained >= 0 && drained <= 10 && submits.ok());

        double half = Math.max(1, submits.perSecond() / 2);
        Load paced = Load.open(service, post, half, 64, quick ? 5 : 10);
        drain(service, token, System.nanoTime(), 120);
        row("submit p99 at half the maximum rate (" + f0(half) + "/s)", f1(paced.p(0.99)) + " ms  (p50 " + f1(paced.p(0.5)) + ")", "< 20 ms",
                paced.p(0.99) < 20 && paced.ok());

        byte[] live = Http.request("GET", "/actuator/health/liveness", service.port, null, null);
        Load liveness = Load.closed(service, live, 32, seconds, 3);
        row("/actuator/health/liveness req/s", f0(liveness.perSecond()) + "  (" + f2(liveness.cpuPerRequest) + " ms CPU/req)", ">= 10,000",
                liveness.perSecond() >= 10000 && liveness.ok());

        long rss = Math.max(rssUnderRuns, Math.max(rssUnderSubmits, service.rssKb()));
        row("RSS under load (peak: " + service.peakRssKb() / 1024 + " MB)", rss / 1024 + " MB", "<= 400 MB", rss <= 400 * 1024);

        System.out.println();
        System.out.printf("CKU performance report, %s, %d cores, service on %s%n",
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16), Runtime.getRuntime().availableProcessors(),
                service.javaVersion);
        System.out.printf("idle: %.1f commits/s, JVM CPU %.1f %% of one core%n", idleCommits, idleCpu);
        print();
        for (Load load : List.of(reads, submits, paced, liveness)) {
            if (!load.ok()) {
                System.out.println("answers other than 2xx in " + load.name + ": " + load.statuses);
            }
        }
    }

    // ---- phases ----

    static String runBench(Service service, String token, int runs) throws Exception {
        Path runBench = Path.of(System.getProperty("bench.dir", "bench"), "RunBench.java");
        Process p = new ProcessBuilder(javaCommand(), runBench.toString(), "--url", "http://localhost:" + service.port, "--runs",
                String.valueOf(runs), "--concurrency", "16", "--warmup", "0", "--header", "Authorization: Bearer " + token)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the run benchmark failed:\n" + out);
        }
        return out;
    }

    static String submitOne(Service service, String token) throws IOException {
        try (Http http = new Http(service.port)) {
            Http.Answer answer = http.exchangeWithBody(Http.request("POST", "/runs", service.port, token, RUN_BODY));
            if (answer.status / 100 != 2) {
                throw new IllegalStateException("POST /runs answered " + answer.status + ": " + answer.body);
            }
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body);
            if (!id.find()) {
                throw new IllegalStateException("POST /runs answered without an id: " + answer.body);
            }
            return id.group(1);
        }
    }

    /** Seconds from {@code since} until no run is waiting or being worked on, or -1 after {@code limit} seconds. */
    static double drain(Service service, String token, long since, int limit) throws Exception {
        List<byte[]> lists = Stream.of("PENDING", "GATING", "RUNNING", "HEALING")
                .map(status -> Http.request("GET", "/runs?limit=1&status=" + status, service.port, token, null)).toList();
        try (Http http = new Http(service.port)) {
            while (System.nanoTime() - since < limit * 1_000_000_000L) {
                boolean empty = true;
                for (byte[] list : lists) {
                    Http.Answer answer = http.exchangeWithBody(list);
                    check(answer.status, 200, "GET /runs?status=");
                    empty &= answer.body.contains("\"items\":[]");
                }
                if (empty) {
                    return (System.nanoTime() - since) / 1e9;
                }
                Thread.sleep(100);
            }
        }
        return -1;
    }

    static void idle(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    static void check(int status, int expected, String what) {
        if (status != expected) {
            throw new IllegalStateException(what + " answered " + status + ", expected " + expected);
        }
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ---- the table ----

    static void row(String measure, String value, String target, boolean met) {
        rows.add(new String[] {measure, value, target, met ? "yes" : "no"});
        System.out.printf("  %s: %s%n", measure, value);
    }

    static void print() {
        String[] head = {"measure", "measured", "target", "met"};
        int[] width = new int[4];
        for (String[] r : Stream.concat(Stream.<String[]>of(head), rows.stream()).toList()) {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(head, width);
        System.out.println("|" + Arrays.stream(width).mapToObj(w -> "-".repeat(w + 2)).reduce((a, b) -> a + "|" + b).orElseThrow() + "|");
        rows.forEach(r -> line(r, width));
    }

    static void line(String[] r, int[] width) {
        StringBuilder s = new StringBuilder("|");
        for (int i = 0; i < 4; i++) {
            s.append(' ').append(r[i]).append(" ".repeat(width[i] - r[i].length())).append(" |");
        }
        System.out.println(s);
    }

    static String f0(double v) {
        return String.format("%,.0f", v);
    }

    static String f1(double v) {
        return String.format("%.1f", v);
    }

    static String f2(double v) {
        return String.format("%.2f", v);
    }

    // ---- the service and its database ----

    static final class Service {
        final Process process;
        final long pid;
        final int port;
        final Path dataDir;
        final Path log;
        long postmaster;
        int pgPort;
        String javaVersion = System.getProperty("java.version");

        private Service(Process process, int port, Path dataDir, Path log) {
            this.process = process;
            this.pid = process.pid();
            this.port = port;
            this.dataDir = dataDir;
            this.log = log;
        }

        static Service start(Path jar, int port, String javaOpts) throws Exception {
            Path dataDir = Files.createTempDirectory("cku-perf-");
            Path log = dataDir.resolve("service.log");
            List<String> command = new ArrayList<>(List.of(javaCommand()));
            if (!javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--cku.data-dir=" + dataDir.resolve("data"),
                    "--cku.auth.admin-password=" + PASSWORD, "--cku.auth.token-ttl=60m",
                    "--cku.ratelimit.per-principal-per-minute=100000000", "--cku.ratelimit.per-ip-per-minute=100000000"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Service service = new Service(process, port, dataDir, log);
            System.out.printf("starting %s on port %d (log: %s)%n", jar, port, log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service stopped while starting; its log:\n" + Files.readString(log));
                }
                try (Http http = new Http(port)) {
                    if (http.exchange(Http.request("GET", "/actuator/health/readiness", port, null, null)) == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service was not ready within 180 s; see " + log);
                }
                Thread.sleep(250);
            }
            Matcher postgres = Pattern.compile("postmaster started as Process\\[pid=(\\d+).*? on port (\\d+)").matcher(Files.readString(log));
            if (!postgres.find()) {
                throw new IllegalStateException("no embedded PostgreSQL in the service's log; this report needs the embedded default");
            }
            // The postmaster's own pid (pg_ctl, which the log names, has ended), from its lock file.
            service.postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("data/postgres/postmaster.pid")).get(0).trim());
            service.pgPort = Integer.parseInt(postgres.group(2));
            return service;
        }

        String token() throws IOException {
            try (Http http = new Http(port)) {
                Http.Answer answer = http.exchangeWithBody(Http.request("POST", "/auth/token", port, null,
                        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"));
                check(answer.status, 200, "POST /auth/token");
                Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body);
                if (!token.find()) {
                    throw new IllegalStateException("no access token in " + answer.body);
                }
                return token.group(1);
            }
        }

        /** The driver the jar carries, loaded from it, on the embedded server's port (it trusts local connections). */
        Database database() throws Exception {
            Path driverJar = null;
            try (ZipFile zip = new ZipFile(jarOf().toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    if (entry.getName().matches("BOOT-INF/lib/postgresql-[0-9.]+\\.jar")) {
                        driverJar = dataDir.resolve("pgjdbc.jar");
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, driverJar);
                        }
                    }
                }
            }
            if (driverJar == null) {
                throw new IllegalStateException("no PostgreSQL driver in the jar");
            }
            URLClassLoader loader = new URLClassLoader(new URL[] {driverJar.toUri().toURL()}, PerfReport.class.getClassLoader());
            Driver driver = (Driver) loader.loadClass("org.postgresql.Driver").getDeclaredConstructor().newInstance();
            Properties props = new Properties();
            props.setProperty("user", "postgres");
            return new Database(driver.connect("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", props));
        }

        Path jarOf() {
            return process.info().arguments().stream().flatMap(Arrays::stream).dropWhile(a -> !a.equals("-jar")).skip(1).findFirst()
                    .map(Path::of).orElseThrow();
        }

        double pgCpu() {
            // The postmaster's own time, what its ended children left in its cutime/cstime, and its living children.
            double total = Proc.cpu(postmaster, true);
            try (Stream<Path> all = Files.list(Path.of("/proc"))) {
                for (Path p : all.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    long child = Long.parseLong(p.getFileName().toString());
                    if (Proc.parent(child) == postmaster) {
                        total += Proc.cpu(child, false);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return total;
        }

        long rssKb() {
            return Proc.status(pid, "VmRSS");
        }

        long peakRssKb() {
            return Proc.status(pid, "VmHWM");
        }

        void stop() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Database(Connection connection) {
        long[] stats() throws Exception {
            Thread.sleep(1200); // PostgreSQL flushes a backend's counters at most once a second
            try (Statement s = connection.createStatement();
                    ResultSet r = s.executeQuery("select xact_commit, tup_returned from pg_stat_database where datname = 'postgres'")) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2)};
            }
        }
    }

    record Snapshot(double jvmCpu, double pgCpu, long commits, long returned, long rssKb) {
        static Snapshot take(Service service, Database db) throws Exception {
            long[] stats = db.stats();
            return new Snapshot(Proc.cpu(service.pid, false), service.pgCpu(), stats[0], stats[1], service.rssKb());
        }
    }

    static final class Proc {
        static double cpu(long pid, boolean withEndedChildren) {
            String[] f = stat(pid);
            if (f == null) {
                return 0;
            }
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withEndedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / 100.0;
        }

        static long parent(long pid) {
            String[] f = stat(pid);
            return f == null ? -1 : Long.parseLong(f[1]);
        }

        static String[] stat(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            } catch (IOException | RuntimeException gone) {
                return null;
            }
        }

        static long status(long pid, String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException gone) {
                // the process ended
            }
            return 0;
        }
    }

    // ---- load ----

    static final class Load {
        final String name;
        final long[] latencies;
        final double seconds;
        final Map<Integer, AtomicLong> statuses;
        final double cpuPerRequest;

        Load(String name, long[] latencies, double seconds, Map<Integer, AtomicLong> statuses, double cpuPerRequest) {
            this.name = name;
            this.latencies = latencies;
            this.seconds = seconds;
            this.statuses = new TreeMap<>(statuses);
            this.cpuPerRequest = cpuPerRequest;
        }

        double perSecond() {
            return statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(e -> e.getValue().get()).sum() / seconds;
        }

        boolean ok() {
            return statuses.keySet().stream().allMatch(status -> status / 100 == 2);
        }

        double p(double q) {
            return latencies.length == 0 ? Double.NaN : latencies[Math.min(latencies.length - 1, (int) Math.ceil(q * latencies.length) - 1)] / 1e6;
        }

        /** C connections, each sending the next request as soon as the last is answered; counted after {@code warmup} seconds. */
        static Load closed(Service service, byte[] request, int connections, int seconds, int warmup) throws Exception {
            long start = System.nanoTime();
            long from = start + warmup * 1_000_000_000L;
            long end = from + seconds * 1_000_000_000L;
            return run(service, request, connections, from, end, (c, i) -> {
                long t0 = System.nanoTime();
                return t0 < end ? t0 : -1;
            });
        }

        /**
         * Requests sent at a fixed rate whatever the answers take (open loop), each one's latency measured from when it was
         * due, so that a stall counts against every request it delayed; up to C in flight.
         */
        static Load open(Service service, byte[] request, double perSecond, int connections, int seconds) throws Exception {
            long from = System.nanoTime() + 100_000_000L;
            long end = from + seconds * 1_000_000_000L;
            AtomicLong next = new AtomicLong();
            double interval = 1e9 / perSecond;
            return run(service, request, connections, from, end, (c, i) -> {
                long due = from + (long) (next.getAndIncrement() * interval);
                if (due >= end) {
                    return -1;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                return due;
            });
        }

        interface Schedule {
            /** When the next request of connection c is due (nanoTime), or -1 to stop. */
            long next(int connection, long sent) throws InterruptedException;
        }

        static Load run(Service service, byte[] request, int connections, long from, long end, Schedule schedule) throws Exception {
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
            Thread[] threads = new Thread[connections];
            for (int c = 0; c < connections; c++) {
                int me = c;
                threads[c] = new Thread(() -> {
                    long[] mine = new long[1 << 14];
                    int size = 0;
                    Http http = null;
                    try {
                        for (long sent = 0; ; sent++) {
                            long due = schedule.next(me, sent);
                            if (due < 0) {
                                break;
                            }
                            int status;
                            try {
                                if (http == null) {
                                    http = new Http(service.port);
                                }
                                status = http.exchange(request);
                            } catch (IOException e) {
                                status = -1;
                                if (http != null) {
                                    http.close();
                                }
                                http = null;
                            }
                            long done = System.nanoTime();
                            if (due >= from && done <= end + 1_000_000_000L) {
                                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                                if (size == mine.length) {
                                    mine = Arrays.copyOf(mine, size * 2);
                                }
                                mine[size++] = done - due;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        if (http != null) {
                            http.close();
                        }
                        all.add(Arrays.copyOf(mine, size));
                    }
                }, "load-" + c);
                threads[c].start();
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, from - System.nanoTime()));
            double cpu0 = Proc.cpu(service.pid, false);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
            double cpu1 = Proc.cpu(service.pid, false);
            for (Thread thread : threads) {
                thread.join();
            }
            long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            double seconds = (end - from) / 1e9;
            String name = new String(request, 0, Math.min(request.length, 40), StandardCharsets.US_ASCII).split("\r\n")[0];
            return new Load(name, latencies, seconds, statuses, (cpu1 - cpu0) * 1000 / Math.max(1, latencies.length));
        }
    }

    /** A blocking HTTP/1.1 keep-alive connection that sends ready-made requests and reads (mostly skips) the answers. */
    static final class Http implements AutoCloseable {
        final int port;
        Socket socket;
        InputStream in;
        OutputStream out;

        Http(int port) throws IOException {
            this.port = port;
            connect();
        }

        /** Tomcat closes a keep-alive connection after 100 requests by default (saying so): the next request opens another. */
        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
        }

        static byte[] request(String method, String path, int port, String token, String json) {
            StringBuilder s = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost:").append(port)
                    .append("\r\nAccept: application/json\r\n");
            if (token != null) {
                s.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            if (json != null) {
                s.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            byte[] head = s.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        }

        record Answer(int status, String body) {
        }

        int exchange(byte[] request) throws IOException {
            return send(request, null);
        }

        Answer exchangeWithBody(byte[] request) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int status = send(request, body);
            return new Answer(status, body.toString(StandardCharsets.UTF_8));
        }

        private int send(byte[] request, ByteArrayOutputStream body) throws IOException {
            if (socket == null) {
                connect();
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine.length() < 12) {
                throw new IOException("no answer");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = 0;
            boolean chunked = false;
            boolean closing = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            if (chunked) {
                for (long chunk = Long.parseLong(line().split(";")[0].trim(), 16); chunk > 0; chunk = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    body(chunk, body);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else {
                body(length, body);
            }
            if (closing) {
                close();
            }
            return status;
        }

        private void body(long length, ByteArrayOutputStream body) throws IOException {
            if (body == null) {
                in.skipNBytes(length);
            } else {
                body.write(in.readNBytes((int) length));
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    s.append((char) b);
                }
            }
            return s.toString();
        }

        @Override
        public void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
