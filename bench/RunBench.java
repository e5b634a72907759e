// Code Kit Ultra (CKU) run benchmark client.
//
// Single-file program for the JDK 17 source-file launcher (no build step, JDK only):
//
//     java bench/RunBench.java --runs 3000 --concurrency 16
//
// It submits N runs of K noop steps with C client threads (POST /runs), then polls
// GET /runs/{id} until every run is terminal (or the timeout expires), and prints
// submit latency, time to complete (server clock) and throughput. See bench/README.md.
//
// Boundedness: it sends exactly W + N POSTs (warmup + measured, never retried) plus the
// GETs needed to observe completion, only to the URL given with --url, and always stops
// by itself (per-request timeouts, plus --timeout-seconds for each wait phase).

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

public class RunBench {

    static final List<String> TERMINAL = List.of(
            "SUCCEEDED", "PARTIAL", "FAILED", "ROLLED_BACK", "REJECTED", "CANCELLED");
    static final Set<String> TERMINAL_SET = Set.copyOf(TERMINAL);

    static final PrintStream OUT = System.out;   // the report
    static final PrintStream LOG = System.err;   // progress messages

    // ------------------------------------------------------------------ options

    static final class Options {
        String url = "http://localhost:8080";
        int runs = 3000;
        int concurrency = 16;
        int steps = 3;
        int warmup = 200;
        int timeoutSeconds = 300;
        int pollIntervalMs = 100;
        int pollThreads = 2;
        int requestTimeoutSeconds = 30;
        final Map<String, String> headers = new LinkedHashMap<>();
    }

    static final String USAGE = String.join("\n",
            "Usage: java bench/RunBench.java [options]      (or bench/run-bench.sh [options])",
            "",
            "Benchmarks the CKU run API: submits N runs of K noop steps with C client threads",
            "(POST /runs), waits for all of them to reach a terminal state (polling GET /runs/{id}),",
            "then prints submit latency, time to complete and throughput.",
            "",
            "Options (also accepted as --name=value):",
            "  --url URL                 service base URL (default http://localhost:8080)",
            "  --runs N                  measured runs to submit (default 3000)",
            "  --concurrency C           client threads submitting runs (default 16)",
            "  --steps K                 noop steps per run (default 3)",
            "  --warmup W                runs submitted and awaited first, not counted (default 200)",
            "  --timeout-seconds T       give up waiting for completion after T s, per phase (default 300)",
            "  --header 'Name: value'    extra request header, repeatable (e.g. Authorization)",
            "  --poll-interval-ms MS     pause between polling passes (default 100)",
            "  --poll-threads P          threads polling GET /runs/{id} (default 2)",
            "  --request-timeout-seconds S  timeout of a single HTTP request (default 30)",
            "  -h, --help                print this help and exit",
            "",
            "Exit status: 0 when every measured run was accepted and reached a terminal state,",
            "1 otherwise (submit errors, timeout, ...), 2 on bad arguments.");

    static final Set<String> KNOWN = Set.of("--url", "--runs", "--concurrency", "--steps", "--warmup",
            "--timeout-seconds", "--header", "--poll-interval-ms", "--poll-threads", "--request-timeout-seconds");

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                OUT.println(USAGE);
                System.exit(0);
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (!name.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + a);
            if (!KNOWN.contains(name)) throw new IllegalArgumentException("unknown option: " + name);
            if (value == null) {
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + name);
                value = args[++i];
            }
            switch (name) {
                case "--url": o.url = value; break;
                case "--runs": o.runs = intArg(name, value, 1); break;
                case "--concurrency": o.concurrency = intArg(name, value, 1); break;
                case "--steps": o.steps = intArg(name, value, 1); break;
                case "--warmup": o.warmup = intArg(name, value, 0); break;
                case "--timeout-seconds": o.timeoutSeconds = intArg(name, value, 1); break;
                case "--poll-interval-ms": o.pollIntervalMs = intArg(name, value, 0); break;
                case "--poll-threads": o.pollThreads = intArg(name, value, 1); break;
                case "--request-timeout-seconds": o.requestTimeoutSeconds = intArg(name, value, 1); break;
                case "--header": {
                    int c = value.indexOf(':');
                    if (c <= 0) throw new IllegalArgumentException("--header must look like 'Name: value', got: " + value);
                    String hn = value.substring(0, c).trim();
                    String hv = value.substring(c + 1).trim();
                    if (hn.equalsIgnoreCase("content-type"))
                        throw new IllegalArgumentException("--header Content-Type is set by the benchmark itself");
                    try { // rejects restricted headers (Host, Content-Length, Connection, ...) up front
                        HttpRequest.newBuilder(URI.create("http://localhost/")).header(hn, hv);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("header not allowed: " + hn + " (" + e.getMessage() + ")");
                    }
                    o.headers.put(hn, hv);
                    break;
                }
                default: throw new IllegalArgumentException("unknown option: " + name);
            }
        }
        while (o.url.endsWith("/")) o.url = o.url.substring(0, o.url.length() - 1);
        URI u;
        try {
            u = URI.create(o.url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --url: " + o.url);
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null || u.getQuery() != null || u.getFragment() != null)
            throw new IllegalArgumentException("--url must be an http(s) base URL such as http://localhost:8080, got: " + o.url);
        return o;
    }

    static int intArg(String name, String v, int min) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects an integer, got: " + v);
        }
        if (n < min) throw new IllegalArgumentException(name + " must be >= " + min + ", got: " + n);
        return n;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    // ------------------------------------------------------------------ state

    /** One submitted run (accepted by the service). */
    static final class Run {
        final String id;
        volatile String status;
        volatile Instant createdAt;
        volatile Instant updatedAt;
        volatile boolean terminal;
        volatile long observedTerminalNanos;

        Run(String id) { this.id = id; }

        /** Applies a run JSON object; returns true if it is now terminal. */
        boolean apply(Map<?, ?> json, long nowNanos) {
            Object s = json.get("status");
            if (s != null) status = String.valueOf(s);
            Instant c = parseInstant(json.get("createdAt"));
            Instant u = parseInstant(json.get("updatedAt"));
            if (c != null) createdAt = c;
            if (u != null) updatedAt = u;
            if (status != null && TERMINAL_SET.contains(status)) {
                observedTerminalNanos = nowNanos;
                terminal = true;
            }
            return terminal;
        }
    }

    /** Result of a submit phase. */
    static final class SubmitResult {
        final Run[] runs;              // null where the submit failed
        final long[] latencyNanos;     // -1 where the request did not complete
        final AtomicInteger errors = new AtomicInteger();
        final AtomicReference<String> firstError = new AtomicReference<>();
        long startNanos;
        long endNanos;

        SubmitResult(int n) {
            runs = new Run[n];
            latencyNanos = new long[n];
            Arrays.fill(latencyNanos, -1);
        }

        int accepted() {
            int a = 0;
            for (Run r : runs) if (r != null) a++;
            return a;
        }

        void error(String msg) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, msg);
        }
    }

    final Options o;
    final HttpClient client;
    final String body;
    final Duration requestTimeout;

    RunBench(Options o) {
        this.o = o;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.body = runBody(o.steps);
        this.requestTimeout = Duration.ofSeconds(o.requestTimeoutSeconds);
    }

    static String runBody(int steps) {
        StringBuilder sb = new StringBuilder("{\"intent\":\"bench run\",\"mode\":\"dev\",\"plan\":{\"steps\":[");
        for (int i = 1; i <= steps; i++) {
            if (i > 1) sb.append(',');
            sb.append("{\"name\":\"s").append(i).append("\",\"skill\":\"noop\"}");
        }
        return sb.append("]}}").toString();
    }

    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(o.url + pathAndQuery))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        o.headers.forEach(b::header);
        return b;
    }

    // ------------------------------------------------------------------ submit phase

    SubmitResult submit(int n, String label) throws InterruptedException {
        SubmitResult res = new SubmitResult(n);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int threads = Math.min(o.concurrency, n);
        HttpRequest post = request("/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        List<Thread> workers = new ArrayList<>();
        res.startNanos = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(post, HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        res.latencyNanos[i] = t1 - t0;
                        if (r.statusCode() / 100 != 2) {
                            res.error("HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
                        } else {
                            Map<?, ?> json = asObject(r.body());
                            String id = json == null ? null : idOf(json.get("id"));
                            if (id == null) id = idFromLocation(r.headers().firstValue("Location").orElse(null));
                            if (id == null) {
                                res.error("HTTP " + r.statusCode() + " without a run id: " + abbreviate(r.body()));
                            } else {
                                Run run = new Run(id);
                                if (json != null) run.apply(json, t1);
                                res.runs[i] = run;
                            }
                        }
                    } catch (IOException e) {
                        res.latencyNanos[i] = -1;
                        res.error(describe(e));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    int d = done.incrementAndGet();
                    if (d % 1000 == 0 && d < n) LOG.printf("  %s: submitted %d/%d%n", label, d, n);
                }
            }, "submit-" + t);
            th.setDaemon(true);
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) th.join();
        res.endNanos = System.nanoTime();
        return res;
    }

    // ------------------------------------------------------------------ wait phase

    static final class WaitResult {
        final AtomicLong polls = new AtomicLong();
        final AtomicInteger pollErrors = new AtomicInteger();
        final AtomicReference<String> firstPollError = new AtomicReference<>();
        boolean timedOut;
    }

    /**
     * Polls GET /runs/{id} until every run is terminal or the timeout expires. The service executes runs oldest
     * first, so each pass walks the pending runs in submission order and stops once it meets a few that are still
     * going: polling every pending run on each pass would load the service in proportion to its backlog and
     * measure the polling as much as the service.
     */
    WaitResult await(List<Run> runs, String label) throws InterruptedException {
        WaitResult w = new WaitResult();
        long deadline = System.nanoTime() + o.timeoutSeconds * 1_000_000_000L;
        long lastLog = System.nanoTime();
        int threads = Math.max(1, Math.min(o.pollThreads, runs.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "poll");
            t.setDaemon(true);
            return t;
        });
        try {
            while (true) {
                List<Run> pending = new ArrayList<>();
                for (Run r : runs) if (!r.terminal) pending.add(r);
                if (pending.isEmpty()) break;
                if (System.nanoTime() - deadline >= 0) {
                    w.timedOut = true;
                    break;
                }
                if (System.nanoTime() - lastLog > 2_000_000_000L) {
                    LOG.printf("  %s: %d/%d terminal%n", label, runs.size() - pending.size(), runs.size());
                    lastLog = System.nanoTime();
                }
                AtomicInteger next = new AtomicInteger();
                AtomicInteger stillGoing = new AtomicInteger();
                List<Future<?>> fs = new ArrayList<>();
                int t = Math.min(threads, pending.size());
                for (int k = 0; k < t; k++) {
                    fs.add(pool.submit(() -> {
                        int i;
                        while (stillGoing.get() < t && (i = next.getAndIncrement()) < pending.size()) {
                            if (System.nanoTime() - deadline >= 0) return;
                            Run run = pending.get(i);
                            poll(run, w);
                            if (!run.terminal) stillGoing.incrementAndGet();
                            if (Thread.currentThread().isInterrupted()) return;
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        w.pollErrors.incrementAndGet();
                        w.firstPollError.compareAndSet(null, String.valueOf(e.getCause()));
                    }
                }
                boolean any = false;
                for (Run r : pending) if (!r.terminal) { any = true; break; }
                if (any && o.pollIntervalMs > 0) Thread.sleep(o.pollIntervalMs);
            }
        } finally {
            pool.shutdownNow();
        }
        return w;
    }

    void poll(Run run, WaitResult w) {
        HttpRequest get = request("/runs/" + URLEncoder.encode(run.id, StandardCharsets.UTF_8).replace("+", "%20"))
                .GET().build();
        w.polls.incrementAndGet();
        try {
            HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
            long now = System.nanoTime();
            if (r.statusCode() != 200) {
                w.pollErrors.incrementAndGet();
                w.firstPollError.compareAndSet(null, "GET /runs/" + run.id + " -> HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
                return;
            }
            Map<?, ?> json = asObject(r.body());
            if (json == null) {
                w.pollErrors.incrementAndGet();
                w.firstPollError.compareAndSet(null, "GET /runs/" + run.id + " -> not a JSON object: " + abbreviate(r.body()));
                return;
            }
            run.apply(json, now);
        } catch (IOException e) {
            w.pollErrors.incrementAndGet();
            w.firstPollError.compareAndSet(null, "GET /runs/" + run.id + " -> " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<Run> accepted(SubmitResult s) {
        List<Run> l = new ArrayList<>();
        for (Run r : s.runs) if (r != null) l.add(r);
        return l;
    }

    // ------------------------------------------------------------------ main flow

    int run() throws InterruptedException {
        URI u = URI.create(o.url);
        if (!isLoopback(u.getHost()))
            LOG.println("warning: " + o.url + " is not a loopback address; this benchmark is intended for a local service");

        OUT.printf(Locale.ROOT, "CKU run benchmark: %d runs x %d noop steps, %d clients, against %s%n",
                o.runs, o.steps, o.concurrency, o.url);
        OUT.flush();

        // Warmup: submitted and awaited, never counted.
        if (o.warmup > 0) {
            LOG.printf("warmup: submitting %d runs...%n", o.warmup);
            SubmitResult ws = submit(o.warmup, "warmup");
            List<Run> wr = accepted(ws);
            if (wr.isEmpty()) {
                OUT.printf("warmup: all %d submits failed; first error: %s%n", o.warmup, ws.firstError.get());
                return 1;
            }
            LOG.printf("warmup: waiting for %d runs...%n", wr.size());
            long w0 = System.nanoTime();
            WaitResult ww = await(wr, "warmup");
            long terminal = wr.stream().filter(r -> r.terminal).count();
            OUT.printf(Locale.ROOT, "warmup: %d runs, %d accepted, %d terminal in %.2f s (not counted)%n",
                    o.warmup, wr.size(), terminal, secs(System.nanoTime() - w0));
            if (ws.errors.get() > 0) OUT.printf("warmup: %d submit errors; first: %s%n", ws.errors.get(), ws.firstError.get());
            if (ww.timedOut) {
                OUT.printf("warmup: %d runs still not terminal after %d s; giving up%n", wr.size() - terminal, o.timeoutSeconds);
                return 1;
            }
        }

        // Measured phase.
        LOG.printf("measuring: submitting %d runs with %d clients...%n", o.runs, o.concurrency);
        SubmitResult s = submit(o.runs, "submit");
        List<Run> runs = accepted(s);
        LOG.printf("measuring: waiting for %d runs...%n", runs.size());
        WaitResult w = await(runs, "wait");

        // ---- report
        int accepted = runs.size();
        double submitSecs = secs(s.endNanos - s.startNanos);
        OUT.printf(Locale.ROOT, "submitted %d in %.2f s (%.1f submits/s); errors: %d%n",
                o.runs, submitSecs, o.runs / Math.max(submitSecs, 1e-9), s.errors.get());
        if (s.errors.get() > 0) OUT.println("  first submit error: " + s.firstError.get());

        Map<String, Integer> byStatus = new TreeMap<>((a, b) -> Integer.compare(TERMINAL.indexOf(a), TERMINAL.indexOf(b)));
        Map<String, Integer> notDone = new TreeMap<>();
        List<Run> done = new ArrayList<>();
        for (Run r : runs) {
            if (r.terminal) {
                done.add(r);
                byStatus.merge(r.status, 1, Integer::sum);
            } else {
                notDone.merge(r.status == null ? "UNKNOWN" : r.status, 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        byStatus.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        OUT.printf("completed %d/%d: %s%n", done.size(), o.runs, sb.length() == 0 ? "-" : sb);
        if (!notDone.isEmpty()) {
            StringBuilder nd = new StringBuilder();
            notDone.forEach((k, v) -> nd.append(nd.length() == 0 ? "" : " ").append(k).append('=').append(v));
            OUT.printf("not terminal after %d s: %d (%s)%n", o.timeoutSeconds, accepted - done.size(), nd);
        }
        if (w.pollErrors.get() > 0)
            OUT.printf("poll errors: %d of %d polls; first: %s%n", w.pollErrors.get(), w.polls.get(), w.firstPollError.get());

        // Throughput. Server clock: completed / (max(updatedAt) - min(createdAt)).
        Instant minCreated = null, maxUpdated = null;
        List<Long> ttc = new ArrayList<>();
        int noTimestamps = 0;
        long lastObserved = Long.MIN_VALUE;
        for (Run r : done) {
            lastObserved = Math.max(lastObserved, r.observedTerminalNanos);
            if (r.createdAt == null || r.updatedAt == null) {
                noTimestamps++;
                continue;
            }
            if (minCreated == null || r.createdAt.isBefore(minCreated)) minCreated = r.createdAt;
            if (maxUpdated == null || r.updatedAt.isAfter(maxUpdated)) maxUpdated = r.updatedAt;
            ttc.add(Duration.between(r.createdAt, r.updatedAt).toNanos());
        }
        String server = "n/a";
        if (minCreated != null && maxUpdated.isAfter(minCreated)) {
            double span = Duration.between(minCreated, maxUpdated).toNanos() / 1e9;
            server = String.format(Locale.ROOT, "%.1f runs/s", ttc.size() / span);
        }
        String wall = "n/a";
        if (!done.isEmpty()) {
            double span = secs(lastObserved - s.startNanos);
            wall = String.format(Locale.ROOT, "%.1f runs/s", done.size() / Math.max(span, 1e-9));
        }
        OUT.printf("throughput (server clock): %s    (client wall clock: %s)%n", server, wall);
        if (noTimestamps > 0)
            OUT.printf("  note: %d terminal runs had no parseable createdAt/updatedAt and are left out of server-clock figures%n", noTimestamps);

        long[] lat = Arrays.stream(s.latencyNanos).filter(x -> x >= 0).sorted().toArray();
        long[] tc = ttc.stream().mapToLong(Long::longValue).sorted().toArray();
        OUT.println(percentiles("submit latency", lat));
        OUT.println(percentiles("time to complete", tc));
        OUT.flush();

        return (accepted == o.runs && done.size() == o.runs) ? 0 : 1;
    }

    static String percentiles(String label, long[] sortedNanos) {
        if (sortedNanos.length == 0) return String.format("%-16s n/a", label);
        return String.format(Locale.ROOT, "%-16s p50 %-10s p99 %-10s max %s", label,
                ms(pct(sortedNanos, 50)), ms(pct(sortedNanos, 99)), ms(sortedNanos[sortedNanos.length - 1]));
    }

    /** Nearest-rank percentile of a sorted array. */
    static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    static double secs(long nanos) {
        return nanos / 1e9;
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        String msg = e.getMessage();
        for (Throwable c = e.getCause(); msg == null && c != null; c = c.getCause()) msg = c.getMessage();
        if (msg == null && e instanceof java.net.ConnectException) msg = "could not connect (is the service running?)";
        if (msg == null && e instanceof java.net.http.HttpTimeoutException) msg = "request timed out";
        if (msg != null) sb.append(": ").append(msg);
        return sb.toString();
    }

    static String abbreviate(String s) {
        if (s == null) return "";
        s = s.replaceAll("\\s+", " ").trim();
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    // ------------------------------------------------------------------ JSON helpers

    static Map<?, ?> asObject(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            Object v = new Json(body).parseDocument();
            return v instanceof Map ? (Map<?, ?>) v : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String idOf(Object v) {
        if (v == null) return null;
        if (v instanceof BigDecimal) return ((BigDecimal) v).toPlainString();
        String s = String.valueOf(v);
        return s.isEmpty() ? null : s;
    }

    static String idFromLocation(String location) {
        if (location == null) return null;
        String p = location;
        int q = p.indexOf('?');
        if (q >= 0) p = p.substring(0, q);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        int slash = p.lastIndexOf('/');
        String id = slash >= 0 ? p.substring(slash + 1) : p;
        return id.isEmpty() ? null : java.net.URLDecoder.decode(id, StandardCharsets.UTF_8);
    }

    /** ISO-8601 instant ("...Z" or with offset), local date-time taken as UTC, or epoch seconds/millis. */
    static Instant parseInstant(Object v) {
        if (v == null) return null;
        try {
            if (v instanceof BigDecimal) return fromEpochNumber((BigDecimal) v);
            String s = v.toString().trim();
            if (s.isEmpty()) return null;
            if (s.matches("-?\\d+(\\.\\d+)?")) return fromEpochNumber(new BigDecimal(s));
            try {
                return Instant.parse(s);
            } catch (RuntimeException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant();
                } catch (RuntimeException e2) {
                    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Instant fromEpochNumber(BigDecimal d) {
        // Jackson writes Instants as decimal epoch seconds when WRITE_DATES_AS_TIMESTAMPS is on;
        // big integers are epoch milliseconds.
        if (d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0)
            return Instant.ofEpochMilli(d.longValueExact());
        BigDecimal nanos = d.movePointRight(9);
        long sec = d.longValue();
        long frac = nanos.subtract(BigDecimal.valueOf(sec).movePointRight(9)).longValue();
        return Instant.ofEpochSecond(sec, frac);
    }

    /** Minimal JSON parser: objects -> Map, arrays -> List, numbers -> BigDecimal. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) { this.s = s; }

        Object parseDocument() {
            Object v = value();
            ws();
            if (i != s.length()) throw err("trailing data");
            return v;
        }

        private RuntimeException err(String m) {
            return new IllegalArgumentException("JSON " + m + " at " + i);
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private Object value() {
            ws();
            if (i >= s.length()) throw err("unexpected end");
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default: return number();
            }
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) throw err("bad literal");
            i += word.length();
            return v;
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++; // {
            ws();
            if (i < s.length() && s.charAt(i) == '}') { i++; return m; }
            while (true) {
                ws();
                if (i >= s.length() || s.charAt(i) != '"') throw err("expected key");
                String k = string();
                ws();
                if (i >= s.length() || s.charAt(i) != ':') throw err("expected ':'");
                i++;
                m.put(k, value());
                ws();
                if (i >= s.length()) throw err("unterminated object");
                char c = s.charAt(i++);
                if (c == '}') return m;
                if (c != ',') throw err("expected ',' or '}'");
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++; // [
            ws();
            if (i < s.length() && s.charAt(i) == ']') { i++; return l; }
            while (true) {
                l.add(value());
                ws();
                if (i >= s.length()) throw err("unterminated array");
                char c = s.charAt(i++);
                if (c == ']') return l;
                if (c != ',') throw err("expected ',' or ']'");
            }
        }

        private String string() {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw err("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c != '\\') { sb.append(c); continue; }
                if (i >= s.length()) throw err("bad escape");
                char e = s.charAt(i++);
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (i + 4 > s.length()) throw err("bad unicode escape");
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: throw err("bad escape");
                }
            }
        }

        private BigDecimal number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            if (start == i) throw err("unexpected character");
            return new BigDecimal(s.substring(start, i));
        }
    }

    // ------------------------------------------------------------------ entry point

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            LOG.println("error: " + e.getMessage());
            LOG.println();
            LOG.println(USAGE);
            System.exit(2);
            return;
        }
        int rc = new RunBench(o).run();
        System.exit(rc);
    }
}
