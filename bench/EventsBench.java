// Code Kit Ultra (CKU) events benchmark client: Server-Sent Events on GET /events under run load.
//
// Single-file program for the JDK 17 source-file launcher (no build step, JDK only):
//
//     java bench/EventsBench.java --subscribers 500 --runs 3000 --concurrency 16 --header "Authorization: Bearer $TOKEN"
//
// It runs the run load of bench/RunBench.java (the submit and wait code is copied from it, so the throughput
// figures compare) twice: (1) with no subscribers, (2) with N concurrent SSE subscribers on GET /events. For (2) it
// reports how many subscribers connected, events per subscriber, delivery latency (receive time - the event's "at"),
// events lost and duplicated (against a reference read of the same filtered stream replayed from storage after the
// load), overflows and reconnects, and the run throughput ratio, with PASS/FAIL against the targets
// (p99 < 100 ms, 0 lost, ratio >= 90%). See bench/README.md.
//
// Boundedness: it sends W + N (+ N) + 1 POSTs (warmup, measured phases, one marker run; never retried) plus the GETs
// needed to observe completion, opens S + 2 event streams (subscribers, one probe, one reference) and reconnects each
// at most --max-reconnects times, only to the URL given with --url, and always stops by itself.

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class EventsBench {

    static final List<String> TERMINAL = List.of(
            "SUCCEEDED", "PARTIAL", "FAILED", "ROLLED_BACK", "REJECTED", "CANCELLED");
    static final Set<String> TERMINAL_SET = Set.copyOf(TERMINAL);

    static final PrintStream OUT = System.out;   // the report
    static final PrintStream LOG = System.err;   // progress messages

    // targets
    static final double TARGET_P99_MS = 100.0;
    static final double TARGET_RATIO = 0.90;

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
        // events
        int subscribers = 500;
        String types = null;            // comma-separated type prefixes, null = all
        String runId = null;
        String mode = "both";           // both | baseline | subscribers
        int connectTimeoutSeconds = 60;
        int idleMs = 2000;
        int settleSeconds = 60;
        int maxReconnects = 100;
        int stallSeconds = 45;
        int sseThreads = 0;             // 0 = 1, or 2 with 4 or more processors
    }

    static final String USAGE = String.join("\n",
            "Usage: java bench/EventsBench.java [options]      (or bench/events-bench.sh [options])",
            "",
            "Benchmarks GET /events (Server-Sent Events) under run load: runs the run load of RunBench",
            "without subscribers, then again with S concurrent subscribers on /events, and reports",
            "delivery latency, events lost/duplicated, overflows/reconnects and the throughput ratio.",
            "",
            "Options (also accepted as --name=value):",
            "  --url URL                 service base URL (default http://localhost:8080)",
            "  --subscribers S           concurrent SSE subscribers on /events (default 500)",
            "  --types P1,P2             event type prefixes for the subscribers, e.g. run.,gate. (default: all)",
            "  --run-id UUID             subscribe with runId=UUID (default: none)",
            "  --mode M                  both (default) | baseline (no subscribers only) | subscribers (with only)",
            "  --no-subscribers-baseline same as --mode subscribers: skip the run load without subscribers",
            "  --runs N                  measured runs per phase (default 3000)",
            "  --concurrency C           client threads submitting runs (default 16)",
            "  --steps K                 noop steps per run (default 3)",
            "  --warmup W                runs submitted and awaited first, not counted (default 200)",
            "  --timeout-seconds T       give up waiting for completion after T s, per phase (default 300)",
            "  --header 'Name: value'    extra request header, repeatable (e.g. Authorization)",
            "  --poll-interval-ms MS     pause between polling passes (default 100)",
            "  --poll-threads P          threads polling GET /runs/{id} (default 2)",
            "  --request-timeout-seconds S  timeout of a single HTTP request / stream response headers (default 30)",
            "  --connect-timeout-seconds T  how long to wait for all subscribers to connect (default 60)",
            "  --idle-ms MS              a stream with no event for MS is caught up (reference read, settle) (default 2000)",
            "  --settle-seconds T        max wait after the load for the reference read and for subscribers (default 60)",
            "  --max-reconnects R        reconnects per subscriber before it gives up (default 100)",
            "  --stall-seconds T         no line (event or heartbeat) for T s: drop and reconnect (default 45)",
            "  --sse-threads T           selector threads that read and parse the streams (default 1, 2 with 4+ processors)",
            "  --sse-clients K           ignored (the streams no longer use HttpClient); accepted for old command lines",
            "  -h, --help                print this help and exit",
            "",
            "Exit status: 0 when every target is met (PASS), 1 otherwise (FAIL, errors, timeout), 2 on bad arguments.");

    static final Set<String> KNOWN = Set.of("--url", "--runs", "--concurrency", "--steps", "--warmup",
            "--timeout-seconds", "--header", "--poll-interval-ms", "--poll-threads", "--request-timeout-seconds",
            "--subscribers", "--types", "--run-id", "--mode", "--connect-timeout-seconds", "--idle-ms",
            "--settle-seconds", "--max-reconnects", "--stall-seconds", "--sse-clients", "--sse-threads");

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                OUT.println(USAGE);
                System.exit(0);
            }
            if (a.equals("--no-subscribers-baseline")) {
                o.mode = "subscribers";
                continue;
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
                case "--subscribers": o.subscribers = intArg(name, value, 1); break;
                case "--types": {
                    String t = value.replaceAll("\\s+", "");
                    o.types = t.isEmpty() ? null : t;
                    break;
                }
                case "--run-id": o.runId = value.trim().isEmpty() ? null : value.trim(); break;
                case "--mode": {
                    String m = value.trim().toLowerCase(Locale.ROOT);
                    if (!m.equals("both") && !m.equals("baseline") && !m.equals("subscribers"))
                        throw new IllegalArgumentException("--mode must be both, baseline or subscribers, got: " + value);
                    o.mode = m;
                    break;
                }
                case "--connect-timeout-seconds": o.connectTimeoutSeconds = intArg(name, value, 1); break;
                case "--idle-ms": o.idleMs = intArg(name, value, 100); break;
                case "--settle-seconds": o.settleSeconds = intArg(name, value, 1); break;
                case "--max-reconnects": o.maxReconnects = intArg(name, value, 0); break;
                case "--stall-seconds": o.stallSeconds = intArg(name, value, 1); break;
                case "--sse-clients": intArg(name, value, 1); break;   // ignored, see USAGE
                case "--sse-threads": o.sseThreads = intArg(name, value, 1); break;
                case "--header": {
                    int c = value.indexOf(':');
                    if (c <= 0) throw new IllegalArgumentException("--header must look like 'Name: value', got: " + value);
                    String hn = value.substring(0, c).trim();
                    String hv = value.substring(c + 1).trim();
                    if (hn.equalsIgnoreCase("content-type") || hn.equalsIgnoreCase("accept")
                            || hn.equalsIgnoreCase("last-event-id"))
                        throw new IllegalArgumentException("--header " + hn + " is set by the benchmark itself");
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
        if (u.getScheme().equals("https") && !o.mode.equals("baseline"))
            throw new IllegalArgumentException("the event stream subscribers speak plain HTTP only: use an http:// --url"
                    + " (https works with --mode baseline)");
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

    EventsBench(Options o) {
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

    // ------------------------------------------------------------------ run load (as in RunBench)

    /** One measured run load: its submits, its waits, and what the report derived from them. */
    static final class Phase {
        final String label;
        SubmitResult s;
        List<Run> runs;
        WaitResult w;
        double serverThroughput = Double.NaN;
        boolean complete;

        Phase(String label) { this.label = label; }
    }

    boolean warmup() throws InterruptedException {
        if (o.warmup <= 0) return true;
        LOG.printf("warmup: submitting %d runs...%n", o.warmup);
        SubmitResult ws = submit(o.warmup, "warmup");
        List<Run> wr = accepted(ws);
        if (wr.isEmpty()) {
            OUT.printf("warmup: all %d submits failed; first error: %s%n", o.warmup, ws.firstError.get());
            return false;
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
            return false;
        }
        return true;
    }

    Phase load(String label) throws InterruptedException {
        Phase p = new Phase(label);
        LOG.printf("%s: submitting %d runs with %d clients...%n", label, o.runs, o.concurrency);
        p.s = submit(o.runs, label);
        p.runs = accepted(p.s);
        LOG.printf("%s: waiting for %d runs...%n", label, p.runs.size());
        p.w = await(p.runs, label);
        return p;
    }

    /** Prints the RunBench report lines of one phase; sets its server-clock throughput. */
    void report(Phase p) {
        SubmitResult s = p.s;
        List<Run> runs = p.runs;
        WaitResult w = p.w;
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
            p.serverThroughput = ttc.size() / span;
            server = String.format(Locale.ROOT, "%.1f runs/s", p.serverThroughput);
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
        p.complete = accepted == o.runs && done.size() == o.runs;
    }

    // ------------------------------------------------------------------ main flow

    int run() throws InterruptedException, IOException {
        URI u = URI.create(o.url);
        if (!isLoopback(u.getHost()))
            LOG.println("warning: " + o.url + " is not a loopback address; this benchmark is intended for a local service");

        boolean withBaseline = !o.mode.equals("subscribers");
        boolean withSubscribers = !o.mode.equals("baseline");
        OUT.printf(Locale.ROOT, "CKU events benchmark: %s; %d runs x %d noop steps, %d clients, against %s%n",
                withSubscribers ? o.subscribers + " SSE subscribers on /events (types: "
                        + (o.types == null ? "all" : o.types) + (o.runId == null ? "" : ", runId " + o.runId) + ")"
                        : "no subscribers (baseline only)",
                o.runs, o.steps, o.concurrency, o.url);
        OUT.flush();

        if (!warmup()) return 1;

        Phase base = null;
        if (withBaseline) {
            base = load("without subscribers");
            OUT.println("-- run load without subscribers");
            report(base);
        }
        if (!withSubscribers) return base.complete ? 0 : 1;

        SseRig rig = new SseRig();
        try {
            return withSubscribers(base, rig);
        } finally {
            rig.shutdown();
        }
    }

    int withSubscribers(Phase base, SseRig rig) throws InterruptedException {
        // 1. Place the load window: a probe on the unfiltered stream sees the events of one marker run; the last id
        //    it sees is the start id S. Subscribers and the reference read all start at after=S.
        LOG.println("events: probing the stream with one marker run...");
        Sse probe = rig.open(-1, "probe", "", null, false, false);
        if (!waitFor(() -> probe.everConnected || probe.gaveUp, o.connectTimeoutSeconds * 1000L) || !probe.everConnected) {
            OUT.println("probe: could not open GET /events: " + probe.firstError());
            probe.close();
            return 1;
        }
        SubmitResult marker = submit(1, "marker");
        List<Run> markerRuns = accepted(marker);
        if (markerRuns.isEmpty()) {
            OUT.println("probe: the marker run was not accepted: " + marker.firstError.get());
            probe.close();
            return 1;
        }
        await(markerRuns, "marker");
        waitFor(() -> probe.receivedCount() > 0 && probe.idleFor() >= o.idleMs * 1_000_000L, o.settleSeconds * 1000L);
        probe.close();
        if (probe.receivedCount() == 0) {
            OUT.printf("probe: the unfiltered stream delivered no event within %d s of the marker run; cannot place the load window%n",
                    o.settleSeconds);
            return 1;
        }
        long start = probe.maxId();
        OUT.printf("-- run load with %d subscribers%n", o.subscribers);
        OUT.printf("stream start: after=%d (last id the probe saw for the marker run)%n", start);

        // 2. Connect the subscribers.
        String filter = filterQuery();
        LOG.printf("events: connecting %d subscribers...%n", o.subscribers);
        List<Sse> subs = new ArrayList<>();
        long c0 = System.nanoTime();
        for (int i = 0; i < o.subscribers; i++) subs.add(rig.open(i, "subscriber", filter, start, true, false));
        waitFor(() -> subs.stream().allMatch(s -> s.everConnected || s.gaveUp), o.connectTimeoutSeconds * 1000L);
        long connected = subs.stream().filter(s -> s.everConnected).count();
        OUT.printf(Locale.ROOT, "subscribers connected: %d/%d in %.2f s%n", connected, o.subscribers, secs(System.nanoTime() - c0));
        if (connected < o.subscribers) {
            subs.stream().filter(s -> !s.everConnected).findFirst()
                    .ifPresent(s -> OUT.println("  first subscriber that did not connect: " + s.firstError()));
        }

        // 3. The load, timed from here on (events created earlier are replays and are not timed).
        rig.loadStartMillis = System.currentTimeMillis();
        Phase with = load("with " + o.subscribers + " subscribers");
        report(with);

        // 4. Reference read: the same filtered stream from after=S, replayed from storage, until idle.
        LOG.println("events: reading the reference stream...");
        Set<String> refRuns = ConcurrentHashMap.newKeySet();
        Sse ref = rig.open(-2, "reference", filter, start, false, true);
        ref.runIds = refRuns;
        long settleDeadline = System.currentTimeMillis() + o.settleSeconds * 1000L;
        // A pause of the service under load is not the end of the stream: when every load run has events the filter lets
        // through (all types, or a prefix of "run."), read on until the reference has some of every load run.
        Set<String> loadRuns = new HashSet<>();
        if (o.runId == null && (o.types == null || java.util.Arrays.stream(o.types.split(",")).anyMatch("run.submitted"::startsWith))) {
            if (with.runs != null) for (Run r : with.runs) loadRuns.add(r.id);
        }
        waitFor(() -> ref.gaveUp || (ref.everConnected && ref.idleFor() >= o.idleMs * 1_000_000L && refRuns.containsAll(loadRuns)),
                Math.max(1, settleDeadline - System.currentTimeMillis()));
        ref.close();
        boolean refIdle = ref.everConnected && ref.idleFor() >= o.idleMs * 1_000_000L && refRuns.containsAll(loadRuns);
        long end = ref.receivedCount() == 0 ? start : ref.maxId();
        BitSet refIds;
        synchronized (ref) { refIds = (BitSet) ref.ids.clone(); }

        // 5. Let the subscribers catch up to the end id E, then close them.
        if (end > start) {
            int e = (int) (end - start);
            waitFor(() -> subs.stream().allMatch(s -> s.gaveUp || s.has(e))
                            || System.nanoTime() - rig.lastDeliveryNanos >= o.idleMs * 1_000_000L,
                    Math.max(1, settleDeadline + o.settleSeconds * 1000L - System.currentTimeMillis()));
        }
        for (Sse s : subs) s.close();

        // ---- report
        int n = subs.size();
        long minRecv = Long.MAX_VALUE, maxRecv = 0, sumRecv = 0;
        long lost = 0, dup = 0, unexpected = 0, outOfOrder = 0, filterViolations = 0, beforeWindow = 0, preLoad = 0,
                noAt = 0, badEvents = 0, heartbeats = 0;
        int overflows = 0, overflowIdMismatch = 0, disconnects = 0, connectFailures = 0, resets = 0, stalls = 0,
                reconnects = 0, gaveUp = 0, subsWithLoss = 0;
        String firstErr = null;
        for (Sse s : subs) {
            synchronized (s) {
                minRecv = Math.min(minRecv, s.received);
                maxRecv = Math.max(maxRecv, s.received);
                sumRecv += s.received;
                BitSet mine = (BitSet) s.ids.clone();
                if (mine.length() > refIds.length()) mine.clear(refIds.length(), mine.length());
                if (end > start) mine.clear((int) (end - start) + 1, Math.max((int) (end - start) + 1, mine.length()));
                BitSet missing = (BitSet) refIds.clone();
                missing.andNot(mine);
                lost += missing.cardinality();
                if (!missing.isEmpty()) subsWithLoss++;
                BitSet extra = (BitSet) mine.clone();
                extra.andNot(refIds);
                unexpected += extra.cardinality();
                dup += s.duplicates;
                outOfOrder += s.outOfOrder;
                filterViolations += s.filterViolations;
                beforeWindow += s.beforeWindow;
                preLoad += s.preLoad;
                noAt += s.noAt;
                badEvents += s.badEvents;
                heartbeats += s.heartbeats;
                overflows += s.overflows;
                overflowIdMismatch += s.overflowIdMismatch;
                disconnects += s.disconnects;
                connectFailures += s.connectFailures;
                resets += s.resets;
                stalls += s.stalls;
                reconnects += s.reconnects;
                if (s.gaveUp) gaveUp++;
                if (firstErr == null && s.firstError != null) firstErr = s.firstError;
            }
        }
        long refCount = refIds.cardinality();
        long loadRunsSeen = with.runs.stream().filter(r -> refRuns.contains(r.id)).count();
        OUT.printf("reference stream (after=%d, same filter): %d events%s, ids %s; load runs with events in it: %d/%d%s%n",
                start, refCount, ref.duplicates > 0 || ref.outOfOrder > 0
                        ? " (" + ref.duplicates + " duplicates, " + ref.outOfOrder + " out of order)" : "",
                refCount == 0 ? "-" : (start + refIds.nextSetBit(0)) + ".." + end,
                loadRunsSeen, with.runs.size(), refIdle ? "" : "  (NOT idle after " + o.settleSeconds + " s)");
        OUT.printf(Locale.ROOT, "events received per subscriber: min %d  avg %.1f  max %d%n",
                n == 0 ? 0 : minRecv, n == 0 ? 0.0 : (double) sumRecv / n, maxRecv);
        Histogram h = rig.latency();
        long deliveries = h.count();
        OUT.printf(Locale.ROOT, "delivery latency  p50 %s  p99 %s  max %s  over %d deliveries%s%n",
                h.fmt(50), h.fmt(99), deliveries == 0 ? "n/a" : ms(h.max() * 1000), deliveries,
                preLoad > 0 ? " (" + preLoad + " replayed events created before the load not timed)" : "");
        if (h.negatives() > 0)
            OUT.printf("  note: %d deliveries were received before their \"at\" (clock skew?) and count as 0 ms%n", h.negatives());
        if (noAt > 0 || badEvents > 0)
            OUT.printf("  note: %d events without a parseable \"at\", %d events without a numeric id%n", noAt, badEvents);
        OUT.printf("events lost: %d (%d subscribers missing events)    duplicates: %d    unexpected: %d    out of order: %d    filter violations: %d%n",
                lost, subsWithLoss, dup, unexpected, outOfOrder, filterViolations);
        if (beforeWindow > 0) OUT.printf("  note: %d events with an id <= after=%d were delivered%n", beforeWindow, start);
        OUT.printf("overflows: %d    reconnects: %d (after overflow %d, disconnects %d, stalls %d, connect failures %d, resets %d)    gave up: %d%n",
                overflows, reconnects, overflows, disconnects, stalls, connectFailures, resets, gaveUp);
        if (overflowIdMismatch > 0)
            OUT.printf("  note: %d overflow frames carried an id other than the last delivered one%n", overflowIdMismatch);
        if (firstErr != null) OUT.println("  first stream error: " + firstErr);
        OUT.printf("heartbeats received: %d%n", heartbeats);

        String ratioText;
        double ratio = Double.NaN;
        if (base == null) {
            ratioText = "not measured (--mode subscribers)";
        } else if (Double.isNaN(base.serverThroughput) || Double.isNaN(with.serverThroughput)) {
            ratioText = "n/a (a server-clock throughput is missing)";
        } else {
            ratio = with.serverThroughput / base.serverThroughput;
            ratioText = String.format(Locale.ROOT, "%.1f runs/s without, %.1f runs/s with subscribers: %.1f%%",
                    base.serverThroughput, with.serverThroughput, ratio * 100);
        }
        OUT.println("throughput ratio (server clock): " + ratioText);

        double p99 = deliveries == 0 ? Double.NaN : h.percentile(99) / 1000.0;
        boolean latencyOk = deliveries > 0 && p99 < TARGET_P99_MS;
        boolean lossOk = lost == 0 && refCount > 0 && connected == o.subscribers && gaveUp == 0 && refIdle;
        boolean ratioOk = base == null || (!Double.isNaN(ratio) && ratio >= TARGET_RATIO);
        boolean runsOk = with.complete && (base == null || base.complete);
        OUT.printf(Locale.ROOT, "target delivery p99 < %.0f ms: %s (%s)%n", TARGET_P99_MS, latencyOk ? "PASS" : "FAIL",
                deliveries == 0 ? "no deliveries" : String.format(Locale.ROOT, "%.1f ms", p99));
        OUT.printf("target 0 events lost: %s (%d lost%s)%n", lossOk ? "PASS" : "FAIL", lost,
                refCount == 0 ? "; the reference stream is empty, nothing was checked"
                        : connected < o.subscribers ? "; " + (o.subscribers - connected) + " subscribers never connected"
                        : gaveUp > 0 ? "; " + gaveUp + " subscribers gave up reconnecting"
                        : !refIdle ? "; the reference read did not go idle" : "");
        OUT.printf(Locale.ROOT, "target throughput ratio >= %.0f%%: %s%n", TARGET_RATIO * 100,
                base == null ? "not measured" : ratioOk ? String.format(Locale.ROOT, "PASS (%.1f%%)", ratio * 100)
                        : Double.isNaN(ratio) ? "FAIL (n/a)" : String.format(Locale.ROOT, "FAIL (%.1f%%)", ratio * 100));
        if (!runsOk) OUT.println("runs: not every measured run was accepted and reached a terminal state (FAIL)");
        boolean pass = latencyOk && lossOk && ratioOk && runsOk;
        OUT.println("RESULT: " + (pass ? "PASS" : "FAIL"));
        OUT.flush();
        return pass ? 0 : 1;
    }

    String filterQuery() {
        StringBuilder q = new StringBuilder();
        if (o.types != null) q.append("types=").append(URLEncoder.encode(o.types, StandardCharsets.UTF_8));
        if (o.runId != null) {
            if (q.length() > 0) q.append('&');
            q.append("runId=").append(URLEncoder.encode(o.runId, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    interface Condition { boolean ok(); }

    /** Polls the condition every 50 ms until it holds (true) or the timeout passes (false). */
    static boolean waitFor(Condition c, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!c.ok()) {
            if (System.nanoTime() - deadline >= 0) return c.ok();
            Thread.sleep(50);
        }
        return true;
    }

    // ------------------------------------------------------------------ Server-Sent Events client

    static final Pattern AT = Pattern.compile("\"at\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern RUN_ID = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern JSON_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    /**
     * The selector threads, the scheduler and the shared figures of all event streams.
     *
     * The streams are plain non-blocking sockets, not java.net.http.HttpClient: the JDK client cost 5 to 13 µs of CPU
     * per delivered event (lists of buffers handed between threads through Flow subscribers, a String per line), so
     * on a 2-core machine shared with the service the benchmark measured its own client. Here one selector thread
     * reads a connection, de-chunks the body and parses the SSE frames from the bytes, all in one pass (about 0.6 µs).
     */
    final class SseRig {
        final InetSocketAddress address;   // resolved once
        final String hostHeader;
        final String eventsPath;           // /events under the path of --url
        final SseLoop[] loops;
        final ScheduledExecutorService scheduler;   // reconnect delays, and the once-a-second timeout checks
        final List<Sse> open = new CopyOnWriteArrayList<>();
        final byte[][] prefixes;
        volatile long loadStartMillis = Long.MAX_VALUE;
        volatile long lastDeliveryNanos = System.nanoTime();

        SseRig() throws IOException {
            URI u = URI.create(o.url);
            String host = u.getHost();
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);   // IPv6 literal
            address = new InetSocketAddress(host, u.getPort() < 0 ? 80 : u.getPort());
            hostHeader = u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
            eventsPath = (u.getRawPath() == null ? "" : u.getRawPath()) + "/events";
            prefixes = o.types == null ? null
                    : Arrays.stream(o.types.split(",")).map(p -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
            int threads = o.sseThreads > 0 ? o.sseThreads : Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() / 2));
            loops = new SseLoop[threads];
            for (int i = 0; i < threads; i++) loops[i] = new SseLoop(i + 1);
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sse-scheduler");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(() -> {
                for (SseLoop l : loops) l.execute(l::checkTimeouts);
            }, 1, 1, TimeUnit.SECONDS);
        }

        Sse open(int index, String role, String filter, Long after, boolean timed, boolean trackIds) {
            SseLoop loop = loops[Math.floorMod(index, loops.length)];
            Sse s = new Sse(this, loop, index, role, filter, after, timed, trackIds || after != null);
            open.add(s);
            loop.execute(() -> {
                loop.members.add(s);
                s.connect();
            });
            return s;
        }

        /** The delivery latency of all streams: each selector thread records into a histogram of its own. */
        Histogram latency() {
            Histogram h = new Histogram();
            for (SseLoop l : loops) h.add(l.latency);
            return h;
        }

        void shutdown() {
            for (Sse s : open) s.close();
            scheduler.shutdownNow();
            for (SseLoop l : loops) l.stop();
        }
    }

    /**
     * One selector thread. It alone touches the sockets of its streams and runs their parsers, so a subscriber's
     * figures need no lock per event: the thread takes the subscriber's lock once per read (for the readers on other
     * threads, which look every 50 ms). Other threads hand it work with execute().
     */
    final class SseLoop implements Runnable {
        final Selector selector;
        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final List<Sse> members = new ArrayList<>();      // this thread's subscribers, for the timeout checks
        final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);   // one read at a time, so shared by all streams
        final Histogram latency = new Histogram();        // recorded by this thread only: no contention
        int cachedYmd = -1;                               // last date of an "at" and its epoch day (see atMicros)
        long cachedEpochDay;
        volatile boolean stopped;

        SseLoop(int no) throws IOException {
            selector = Selector.open();
            Thread thread = new Thread(this, "sse-selector-" + no);
            thread.setDaemon(true);
            thread.start();
        }

        void execute(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        @Override public void run() {
            try {
                while (!stopped) {
                    selector.select(key -> ((HttpStream) key.attachment()).ready(key), 1000);
                    for (Runnable t; (t = tasks.poll()) != null; ) t.run();
                }
            } catch (IOException | RuntimeException e) {
                LOG.println("events: selector thread failed: " + describe(e));
            } finally {
                for (SelectionKey k : selector.keys()) closeQuietly(k.channel());
                closeQuietly(selector);
            }
        }

        void checkTimeouts() {
            long now = System.nanoTime();
            for (Sse s : members) s.checkTimeouts(now);
        }

        void stop() {
            stopped = true;
            selector.wakeup();
        }

        /**
         * The event's "at" in epoch microseconds, or Long.MIN_VALUE. Reads "yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z" straight
         * from the bytes after "at":" (Instant.parse costs microseconds per call, times every delivery) and keeps the
         * date's epoch day, which changes once a day; any other form goes through atMicros(String).
         */
        long atMicros(byte[] d, int len) {
            int k = Ascii.indexOf(d, 0, len, AT_KEY_BYTES);
            if (k >= 0) {
                int from = k + AT_KEY_BYTES.length;
                int to = Ascii.indexOf(d, from, len, (byte) '"');
                if (to < 0) return Long.MIN_VALUE;
                int n = to - from;
                if (n >= 20 && d[from + 4] == '-' && d[from + 7] == '-' && d[from + 10] == 'T' && d[from + 13] == ':'
                        && d[from + 16] == ':' && d[to - 1] == 'Z' && (n == 20 || d[from + 19] == '.' && n - 21 >= 1 && n - 21 <= 9)) {
                    int y = Ascii.digits(d, from, 4), mo = Ascii.digits(d, from + 5, 2), day = Ascii.digits(d, from + 8, 2);
                    int h = Ascii.digits(d, from + 11, 2), mi = Ascii.digits(d, from + 14, 2), se = Ascii.digits(d, from + 17, 2);
                    int fracDigits = Math.max(0, n - 21);
                    long nanos = fracDigits == 0 ? 0 : Ascii.digits(d, from + 20, fracDigits);
                    if ((y | mo | day | h | mi | se | nanos) >= 0 && epochDay(y, mo, day)) {
                        for (int i = fracDigits; i < 9; i++) nanos *= 10;
                        long sec = cachedEpochDay * 86_400L + h * 3600L + mi * 60L + se;
                        return sec * 1_000_000L + nanos / 1000;
                    }
                }
            }
            return EventsBench.atMicros(new String(d, 0, len, StandardCharsets.ISO_8859_1));
        }

        /** Sets cachedEpochDay to the day y-mo-d; false if that is not a date. */
        private boolean epochDay(int y, int mo, int d) {
            int ymd = y * 10_000 + mo * 100 + d;
            if (ymd == cachedYmd) return true;
            try {
                cachedEpochDay = java.time.LocalDate.of(y, mo, d).toEpochDay();
            } catch (java.time.DateTimeException e) {
                return false;
            }
            cachedYmd = ymd;
            return true;
        }
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * One subscriber: an SSE connection that reconnects with Last-Event-ID, and what it received. Its loop thread runs
     * every method below that changes it, holding its lock; the main thread only reads, under the lock or from
     * volatile fields, and closes it.
     */
    final class Sse {
        static final long CONNECT_TIMEOUT_NANOS = 10_000_000_000L;   // as the HttpClient this replaced

        final SseRig rig;
        final SseLoop loop;
        final int index;
        final String role;
        final String filter;
        final Long initialAfter;
        final boolean timed;
        final boolean trackIds;
        final long base;
        final BitSet ids = new BitSet();     // id - base, for ids > base
        volatile Set<String> runIds;         // collects runIds when set (reference)

        // guarded by this
        long received, duplicates, outOfOrder, beforeWindow, filterViolations, preLoad, noAt, badEvents, heartbeats;
        int overflows, overflowIdMismatch, disconnects, connectFailures, resets, stalls, reconnects;
        String firstError;
        final ByteText lastEventId = new ByteText(32);
        boolean hasLastEventId;
        boolean afterReset;
        long retryMs = 3000;
        long lastId = Long.MIN_VALUE;
        long maxId = Long.MIN_VALUE;
        long lastLineNanos = System.nanoTime();
        long lastEventNanos;
        long connectedNanos;
        HttpStream stream;                   // the open connection, null between connections

        volatile boolean everConnected, gaveUp, closed;

        Sse(SseRig rig, SseLoop loop, int index, String role, String filter, Long after, boolean timed, boolean trackIds) {
            this.rig = rig;
            this.loop = loop;
            this.index = index;
            this.role = role;
            this.filter = filter;
            this.initialAfter = after;
            this.timed = timed;
            this.trackIds = trackIds;
            this.base = after == null ? 0 : after;
        }

        synchronized long receivedCount() { return received; }

        synchronized long maxId() { return maxId; }

        synchronized boolean has(int rel) { return ids.get(rel); }

        synchronized String firstError() { return firstError == null ? "no error recorded" : firstError; }

        /** Nanoseconds since the last event (or since the connection opened, if none came since). */
        synchronized long idleFor() {
            long last = Math.max(lastEventNanos, connectedNanos);
            return last == 0 ? 0 : System.nanoTime() - last;
        }

        synchronized void error(String m) {
            if (firstError == null) firstError = role + (index >= 0 ? " " + index : "") + ": " + m;
        }

        /** Opens a new connection: resuming after the last id seen, else from after= unless a reset made it live. */
        synchronized void connect() {
            if (closed) return;
            java.io.ByteArrayOutputStream r = new java.io.ByteArrayOutputStream(512);
            StringBuilder q = new StringBuilder(filter);
            if (!hasLastEventId && initialAfter != null && !afterReset)
                q.append(q.length() == 0 ? "" : "&").append("after=").append(initialAfter);
            StringBuilder head = new StringBuilder("GET ").append(rig.eventsPath).append(q.length() == 0 ? "" : "?" + q)
                    .append(" HTTP/1.1\r\nHost: ").append(rig.hostHeader)
                    .append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
            o.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            r.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            if (hasLastEventId) {   // the id exactly as received
                r.writeBytes("Last-Event-ID: ".getBytes(StandardCharsets.US_ASCII));
                r.write(lastEventId.bytes, 0, lastEventId.len);
                r.writeBytes(new byte[] {'\r', '\n'});
            }
            r.writeBytes(new byte[] {'\r', '\n'});
            lastLineNanos = System.nanoTime();
            stream = new HttpStream(this, r.toByteArray());
            stream.open();
        }

        /** The response head said 200 text/event-stream. */
        void opened(long nowNanos) {
            connectedNanos = nowNanos;
            everConnected = true;
        }

        /** Stream s ended (e == null: cleanly) or failed; decides whether and when to reconnect. Under the lock. */
        void ended(HttpStream s, Throwable e) {
            if (s != stream) return;   // dropped on purpose (stall, close): not an end to count
            stream = null;
            if (closed) return;
            if (s.rejected) {
                connectFailures++;
                if (s.status / 100 == 4 && s.status != 429 && s.status != 408) {
                    gaveUp = true;   // 401, 403, 404...: asking again will not help
                    return;
                }
            } else if (!s.eventStream) {
                connectFailures++;
                error("GET /events -> " + (e == null ? "no response" : describe(e)));
            } else if (!s.reconnectAtOnce) {
                disconnects++;
                if (e != null) error("stream ended: " + describe(e));
            }
            if (reconnects >= o.maxReconnects) {
                gaveUp = true;
                return;
            }
            reconnects++;
            if (s.reconnectAtOnce) {
                loop.execute(this::connect);
                return;
            }
            try {
                rig.scheduler.schedule(() -> loop.execute(this::connect), retryMs, TimeUnit.MILLISECONDS);
            } catch (RuntimeException ex) {   // shutting down
                gaveUp = true;
            }
        }

        /**
         * Once a second: the connect and response-head timeouts of the HttpClient this replaced (10 s, and
         * --request-timeout-seconds), and no line (event or heartbeat) for --stall-seconds on an open stream: drop it
         * and reconnect.
         */
        synchronized void checkTimeouts(long now) {
            HttpStream s = stream;
            if (closed || s == null) return;
            if (!s.headDone) {
                long age = now - s.openedNanos;
                if (!s.socketConnected && age >= CONNECT_TIMEOUT_NANOS)
                    s.end(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"));
                else if (age >= o.requestTimeoutSeconds * 1_000_000_000L)
                    s.end(new java.net.http.HttpTimeoutException("request timed out"));
                return;
            }
            if (!s.eventStream || now - lastLineNanos < o.stallSeconds * 1_000_000_000L) return;
            stalls++;
            stream = null;   // its end is not a disconnect
            s.close();
            if (reconnects >= o.maxReconnects) {
                gaveUp = true;
                return;
            }
            reconnects++;
            connect();
        }

        void close() {
            synchronized (this) {
                if (closed) return;
                closed = true;
            }
            loop.execute(this::drop);
        }

        private synchronized void drop() {
            if (stream != null) stream.close();
            stream = null;
        }

        void comment() {
            heartbeats++;
        }

        void retry(String v) {
            try {
                retryMs = Math.max(0, Math.min(60_000, Long.parseLong(v.trim())));
            } catch (NumberFormatException ignored) {
                // per the SSE spec a non-numeric retry is ignored
            }
        }

        /** A complete frame (blank line seen), read at nowMicros (epoch); the parser's buffers hold its fields. */
        void frame(SseParser f, long nowMicros, long nowNanos) {
            if (f.hasId && f.id.indexOf((byte) 0) < 0) {
                lastEventId.set(f.id);
                hasLastEventId = true;
            }
            byte[] type = f.event.len == 0 ? MESSAGE : null;   // null: the type is in f.event
            if (type == null && f.event.is(OVERFLOW)) {
                overflows++;
                f.stream.reconnectAtOnce = true;
                if (f.hasId && lastId != Long.MIN_VALUE && !f.id.toString().trim().equals(Long.toString(lastId)))
                    overflowIdMismatch++;
                return;
            }
            if (type == null && f.event.is(RESET)) {
                resets++;
                f.stream.reconnectAtOnce = true;   // reconnect at once, live: the id is too old to resume from
                hasLastEventId = false;
                afterReset = true;
                error("event: reset (the stream could not resume from the requested id)");
                return;
            }
            if (!f.hasData) return;
            byte[] data = f.data.bytes;
            int dataLen = f.data.len - 1;   // without the \n after the last data line
            long id;
            if (f.hasId) {
                id = f.id.parseLong();
            } else {   // no id: field, take the JSON's (rare, so with a String)
                Matcher m = JSON_ID.matcher(new String(data, 0, dataLen, StandardCharsets.ISO_8859_1));
                id = m.find() ? Ascii.parseLong(m.group(1)) : Ascii.NOT_A_NUMBER;
            }
            if (id == Ascii.NOT_A_NUMBER) {
                badEvents++;
                return;
            }
            received++;
            lastEventNanos = nowNanos;
            if (lastId != Long.MIN_VALUE && id <= lastId) outOfOrder++;
            lastId = id;
            if (id > maxId) maxId = id;
            if (trackIds) {
                long rel = id - base;
                if (rel <= 0) {
                    beforeWindow++;
                } else if (rel <= Integer.MAX_VALUE - 1) {
                    if (ids.get((int) rel)) duplicates++;
                    else ids.set((int) rel);
                }
            }
            if (rig.prefixes != null) {
                boolean match = false;
                for (byte[] p : rig.prefixes) {
                    if (p.length > 0 && (type == null ? f.event.startsWith(p) : Ascii.startsWith(type, type.length, p))) {
                        match = true;
                        break;
                    }
                }
                if (!match) filterViolations++;
            }
            Set<String> runs = runIds;
            if (runs != null || o.runId != null) {
                Matcher m = RUN_ID.matcher(new String(data, 0, dataLen, StandardCharsets.ISO_8859_1));
                String rid = m.find() ? m.group(1) : null;
                if (runs != null && rid != null) runs.add(rid);
                if (o.runId != null && !o.runId.equals(rid)) filterViolations++;
            }
            if (timed) {
                long atMicros = loop.atMicros(data, dataLen);
                if (atMicros == Long.MIN_VALUE) {
                    noAt++;
                } else if (atMicros / 1000 < rig.loadStartMillis) {
                    preLoad++;
                } else {
                    loop.latency.record(nowMicros - atMicros);
                }
            }
        }
    }

    static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OVERFLOW = "overflow".getBytes(StandardCharsets.US_ASCII);
    static final byte[] RESET = "reset".getBytes(StandardCharsets.US_ASCII);

    /**
     * One HTTP/1.1 exchange of a subscriber on a non-blocking socket: the GET written by hand, the response head
     * parsed, the body de-chunked as it arrives and handed to the SSE parser, or kept for the error message if the
     * answer is not 200 text/event-stream. Runs on its loop's thread under its subscriber's lock.
     */
    final class HttpStream {
        static final int MAX_HEAD = 64 * 1024;
        static final int MAX_ERROR_BODY = 64 * 1024;

        final Sse sse;
        final ByteBuffer request;
        final long openedNanos = System.nanoTime();
        SocketChannel channel;
        SelectionKey key;
        boolean socketConnected;
        boolean headDone;
        boolean eventStream;        // 200 text/event-stream: the body goes to the SSE parser
        boolean rejected;           // any other answer: the body is the error message
        int status;
        String contentType = "";
        boolean reconnectAtOnce;    // an overflow or reset frame came: its end is expected
        boolean ended;
        final ByteText head = new ByteText(512);
        int headLineLength;         // bytes in the head's current line, CR not counted
        ByteText errorBody;
        SseParser parser;
        // body framing: chunked, Content-Length (remaining >= 0), or until the server closes
        ChunkedDecoder chunks;
        long remaining = -1;

        HttpStream(Sse sse, byte[] request) {
            this.sse = sse;
            this.request = ByteBuffer.wrap(request);
        }

        void open() {
            try {
                if (sse.rig.address.isUnresolved())
                    throw new java.net.UnknownHostException(sse.rig.address.getHostString());
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                key = channel.register(sse.loop.selector, SelectionKey.OP_CONNECT, this);
                if (channel.connect(sse.rig.address)) connected();
            } catch (IOException | RuntimeException e) {
                end(e);
            }
        }

        /** Selector callback on the loop thread. */
        void ready(SelectionKey k) {
            synchronized (sse) {
                if (ended || !k.isValid()) return;
                if (sse.closed) {
                    close();
                    return;
                }
                try {
                    if (k.isConnectable()) {
                        if (channel.finishConnect()) connected();
                    } else if (k.isWritable()) {
                        write();
                    } else if (k.isReadable()) {
                        read();
                    }
                } catch (IOException | RuntimeException e) {
                    end(e);
                }
            }
        }

        private void connected() throws IOException {
            socketConnected = true;
            key.interestOps(SelectionKey.OP_WRITE);
            write();
        }

        private void write() throws IOException {
            channel.write(request);
            if (!request.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
        }

        private void read() throws IOException {
            ByteBuffer b = sse.loop.readBuffer;
            b.clear();
            int n = channel.read(b);
            if (n < 0) {
                eof();
                return;
            }
            // One clock reading per read, not per event: all events of a read arrived at the same moment.
            long nowNanos = System.nanoTime();
            Instant now = Instant.now();
            long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
            long before = sse.received;
            int off = headDone ? 0 : head(b.array(), n, nowNanos);
            if (!ended && off < n) body(b.array(), off, n - off, nowMicros, nowNanos);
            if (sse.received != before) sse.rig.lastDeliveryNanos = nowNanos;
        }

        /** Collects the response head; returns where the body starts in a[0, n), or n. */
        private int head(byte[] a, int n, long nowNanos) throws IOException {
            for (int i = 0; i < n; i++) {
                byte c = a[i];
                head.append(c);
                if (head.len > MAX_HEAD) throw new IOException("response head longer than " + MAX_HEAD + " bytes");
                if (c != '\n') {
                    if (c != '\r') headLineLength++;
                    continue;
                }
                if (headLineLength > 0) {   // the end of the status line or of a header line
                    headLineLength = 0;
                    continue;
                }
                if (head.len <= 2) {        // an empty line before the status line: skip it
                    head.len = 0;
                    continue;
                }
                if (!parseHead(nowNanos)) {   // an interim 1xx answer: the real one follows
                    head.len = 0;
                    continue;
                }
                return i + 1;
            }
            return n;
        }

        /** Parses the head collected; false for an interim 1xx answer. */
        private boolean parseHead(long nowNanos) throws IOException {
            String[] lines = head.toString().split("\r?\n");
            String[] statusLine = lines[0].split(" ", 3);
            try {
                if (!statusLine[0].startsWith("HTTP/") || statusLine.length < 2) throw new NumberFormatException();
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP response: " + abbreviate(lines[0]));
            }
            if (status / 100 == 1 && status != 101) return false;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c <= 0) continue;
                String name = lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(c + 1).trim();
                if (name.equals("content-type") && contentType.isEmpty()) contentType = value;
                else if (name.equals("transfer-encoding")) chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                else if (name.equals("content-length")) remaining = Long.parseLong(value);
            }
            headDone = true;
            if (chunked) {
                chunks = new ChunkedDecoder();
                remaining = -1;
            } else if (status == 204 || status == 304) {
                remaining = 0;
            }
            if (status == 200 && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                eventStream = true;
                parser = new SseParser(sse, this);
                sse.opened(nowNanos);
            } else {
                rejected = true;
                errorBody = new ByteText(512);
            }
            if (remaining == 0) complete();
            return true;
        }

        private void body(byte[] a, int off, int len, long nowMicros, long nowNanos) throws IOException {
            if (chunks != null) {
                chunks.decode(a, off, len, nowMicros, nowNanos);
            } else if (remaining >= 0) {
                int n = (int) Math.min(len, remaining);
                content(a, off, n, nowMicros, nowNanos);
                remaining -= n;
                if (remaining == 0) complete();
            } else {
                content(a, off, len, nowMicros, nowNanos);
            }
        }

        /** Body bytes, de-chunked: to the SSE parser, or kept for the error message. */
        void content(byte[] a, int off, int len, long nowMicros, long nowNanos) {
            if (eventStream) {
                if (parser.feed(a, off, len, nowMicros, nowNanos)) sse.lastLineNanos = nowNanos;
            } else if (errorBody.len < MAX_ERROR_BODY) {
                errorBody.append(a, off, Math.min(len, MAX_ERROR_BODY - errorBody.len));
            }
        }

        /** The body is complete: the server ended the stream cleanly, or the refusal's message is all here. */
        void complete() {
            if (rejected) reportRefusal();
            end(null);
        }

        private void eof() {
            if (!headDone) {
                end(new IOException("connection closed before the response head"));
            } else if (chunks == null && remaining < 0) {
                complete();   // a body delimited by the end of the connection
            } else if (rejected) {
                complete();   // a message cut short is still worth showing
            } else {
                end(new java.io.EOFException("connection closed in the middle of the response body"));
            }
        }

        private void reportRefusal() {
            sse.error("GET /events -> HTTP " + status + (status == 200 ? " with Content-Type '" + contentType + "'" : "") + ": "
                    + abbreviate(new String(errorBody.bytes, 0, errorBody.len, StandardCharsets.UTF_8)));
        }

        /** Ends the exchange (e == null: the response ended cleanly) and tells the subscriber. */
        void end(Throwable e) {
            if (ended) return;
            ended = true;
            close();
            sse.ended(this, e);
        }

        void close() {
            ended = true;
            if (key != null) key.cancel();
            if (channel != null) closeQuietly(channel);
        }

        /** Incremental decoder of Transfer-Encoding: chunked (how Tomcat and the JDK's HttpServer send a stream). */
        final class ChunkedDecoder {
            static final int SIZE = 0, EXTENSION = 1, DATA = 2, DATA_END = 3, TRAILER = 4;
            int state = SIZE;
            long size;
            int digits;
            int trailerLineLength;

            void decode(byte[] a, int off, int len, long nowMicros, long nowNanos) throws IOException {
                int end = off + len;
                int i = off;
                while (i < end && !ended) {
                    if (state == DATA) {
                        int n = (int) Math.min(end - i, size);
                        content(a, i, n, nowMicros, nowNanos);
                        i += n;
                        size -= n;
                        if (size == 0) state = DATA_END;
                        continue;
                    }
                    byte c = a[i++];
                    switch (state) {
                        case SIZE:
                            if (c == '\n') {
                                if (digits == 0) throw new IOException("chunk without a size");
                                state = size == 0 ? TRAILER : DATA;
                                digits = 0;
                            } else if (c == ';') {
                                state = EXTENSION;
                            } else if (c != '\r' && c != ' ' && c != '\t') {
                                int v = Character.digit(c, 16);
                                if (v < 0 || ++digits > 15) throw new IOException("bad chunk size");
                                size = size * 16 + v;
                            }
                            break;
                        case EXTENSION:
                            if (c == '\n') {
                                state = size == 0 ? TRAILER : DATA;
                                digits = 0;
                            }
                            break;
                        case DATA_END:   // the CRLF after the chunk's data
                            if (c == '\n') state = SIZE;
                            else if (c != '\r') throw new IOException("chunk data not followed by CRLF");
                            break;
                        default:   // TRAILER: header lines up to an empty one, then the body is complete
                            if (c == '\n') {
                                if (trailerLineLength == 0) {
                                    complete();
                                    return;
                                }
                                trailerLineLength = 0;
                            } else if (c != '\r') {
                                trailerLineLength++;
                            }
                    }
                }
            }
        }
    }

    /**
     * SSE parser of one connection, working on the bytes: lines end at LF, CR or CRLF; a line cut by the end of a
     * read is carried over. Field values are copied into reusable buffers, never turned into Strings, so an ordinary
     * delivery allocates nothing; Strings are made only on rare paths (retry, overflow, the reference's runIds,
     * --run-id, fallbacks for unusual input).
     */
    final class SseParser {
        final Sse sse;
        final HttpStream stream;
        final ByteText carry = new ByteText(1024);   // the start of a line cut by the end of a read
        boolean skipLf;                              // the last line ended with CR: a following LF belongs to it
        // the frame being read
        final ByteText id = new ByteText(32);
        final ByteText event = new ByteText(64);
        final ByteText data = new ByteText(1024);    // data lines, each followed by \n
        boolean hasId, hasData;

        SseParser(Sse sse, HttpStream stream) {
            this.sse = sse;
            this.stream = stream;
        }

        /** Parses a[off, off + len); returns whether a line was completed. */
        boolean feed(byte[] a, int off, int len, long nowMicros, long nowNanos) {
            int end = off + len;
            int i = off;
            boolean anyLine = false;
            while (i < end) {
                if (skipLf) {
                    skipLf = false;
                    if (a[i] == '\n') {
                        i++;
                        continue;
                    }
                }
                int j = i;
                while (j < end && a[j] != '\n' && a[j] != '\r') j++;
                if (j == end) {
                    carry.append(a, i, end - i);
                    break;
                }
                if (carry.len > 0) {
                    carry.append(a, i, j - i);
                    line(carry.bytes, 0, carry.len, nowMicros, nowNanos);
                    carry.len = 0;
                } else {
                    line(a, i, j - i, nowMicros, nowNanos);
                }
                anyLine = true;
                skipLf = a[j] == '\r';
                i = j + 1;
            }
            return anyLine;
        }

        private void line(byte[] a, int off, int len, long nowMicros, long nowNanos) {
            if (len == 0) {
                sse.frame(this, nowMicros, nowNanos);
                hasId = false;
                hasData = false;
                event.len = 0;
                data.len = 0;
                return;
            }
            if (a[off] == ':') {
                sse.comment();
                return;
            }
            int end = off + len;
            int c = off;
            while (c < end && a[c] != ':') c++;
            int fieldLen = c - off;
            int v = c < end ? c + 1 : end;
            if (v < end && a[v] == ' ') v++;
            int vLen = end - v;
            if (Ascii.equals(a, off, fieldLen, FIELD_DATA)) {
                data.append(a, v, vLen);
                data.append((byte) '\n');
                hasData = true;
            } else if (Ascii.equals(a, off, fieldLen, FIELD_ID)) {
                id.len = 0;
                id.append(a, v, vLen);
                hasId = true;
            } else if (Ascii.equals(a, off, fieldLen, FIELD_EVENT)) {
                event.len = 0;
                event.append(a, v, vLen);
            } else if (Ascii.equals(a, off, fieldLen, FIELD_RETRY)) {
                sse.retry(new String(a, v, vLen, StandardCharsets.ISO_8859_1));
            }   // unknown fields are ignored
        }
    }

    static final byte[] FIELD_DATA = "data".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FIELD_ID = "id".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FIELD_EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FIELD_RETRY = "retry".getBytes(StandardCharsets.US_ASCII);

    /** A growable byte buffer for text read from the wire (its bytes are ISO-8859-1 characters when made a String). */
    static final class ByteText {
        byte[] bytes;
        int len;

        ByteText(int capacity) { bytes = new byte[capacity]; }

        void append(byte b) {
            if (len == bytes.length) bytes = Arrays.copyOf(bytes, bytes.length * 2);
            bytes[len++] = b;
        }

        void append(byte[] a, int off, int n) {
            if (len + n > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, len + n));
            System.arraycopy(a, off, bytes, len, n);
            len += n;
        }

        void set(ByteText other) {
            len = 0;
            append(other.bytes, 0, other.len);
        }

        boolean is(byte[] s) { return Ascii.equals(bytes, 0, len, s); }

        boolean startsWith(byte[] prefix) { return Ascii.startsWith(bytes, len, prefix); }

        int indexOf(byte b) { return Ascii.indexOf(bytes, 0, len, b); }

        /** The value as Long.parseLong(toString().trim()) reads it, or Ascii.NOT_A_NUMBER. */
        long parseLong() {
            int from = 0, to = len;
            while (from < to && (bytes[from] & 0xff) <= ' ') from++;
            while (to > from && (bytes[to - 1] & 0xff) <= ' ') to--;
            int n = to - from;
            if (n == 0 || n > 18) return Ascii.parseLong(toString().trim());   // empty, signed or long: the slow way
            long v = Ascii.digitsLong(bytes, from, n);
            return v >= 0 ? v : Ascii.parseLong(toString().trim());
        }

        @Override public String toString() { return new String(bytes, 0, len, StandardCharsets.ISO_8859_1); }
    }

    /** Byte-level helpers for the stream parser. */
    static final class Ascii {
        static final long NOT_A_NUMBER = Long.MIN_VALUE;

        static boolean equals(byte[] a, int off, int len, byte[] s) {
            if (len != s.length) return false;
            for (int i = 0; i < len; i++) if (a[off + i] != s[i]) return false;
            return true;
        }

        static boolean startsWith(byte[] a, int len, byte[] prefix) {
            return len >= prefix.length && equals(a, 0, prefix.length, prefix);
        }

        static int indexOf(byte[] a, int from, int to, byte b) {
            for (int i = from; i < to; i++) if (a[i] == b) return i;
            return -1;
        }

        static int indexOf(byte[] a, int from, int to, byte[] key) {
            byte first = key[0];
            for (int i = from, last = to - key.length; i <= last; i++) {
                if (a[i] == first && equals(a, i, key.length, key)) return i;
            }
            return -1;
        }

        /** The decimal value of a[off, off + n) as an int, n <= 9 digits and nothing else; -1 if it is not that. */
        static int digits(byte[] a, int off, int n) {
            long v = digitsLong(a, off, n);
            return v > Integer.MAX_VALUE ? -1 : (int) v;
        }

        /** The same for n <= 18 digits. */
        static long digitsLong(byte[] a, int off, int n) {
            long v = 0;
            for (int i = off; i < off + n; i++) {
                int d = a[i] - '0';
                if (d < 0 || d > 9) return -1;
                v = v * 10 + d;
            }
            return v;
        }

        static long parseLong(String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return NOT_A_NUMBER;
            }
        }
    }

    static final String AT_KEY = "\"at\":\"";
    static final byte[] AT_KEY_BYTES = AT_KEY.getBytes(StandardCharsets.US_ASCII);

    /**
     * The event's "at" in epoch microseconds, or Long.MIN_VALUE. Reads "yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z" by hand
     * (Instant.parse costs microseconds per call, times every delivery); anything else goes through parseInstant.
     * The selector threads read the usual form from the bytes (SseLoop.atMicros) and come here for the others.
     */
    static long atMicros(String data) {
        int k = data.indexOf(AT_KEY);
        String v;
        if (k >= 0) {
            int from = k + AT_KEY.length();
            int to = data.indexOf('"', from);
            if (to < 0) return Long.MIN_VALUE;
            v = data.substring(from, to);
        } else {
            Matcher m = AT.matcher(data);   // e.g. "at" : "..." with spaces
            if (!m.find()) return Long.MIN_VALUE;
            v = m.group(1);
        }
        int n = v.length();
        if (n >= 20 && v.charAt(4) == '-' && v.charAt(7) == '-' && v.charAt(10) == 'T' && v.charAt(13) == ':'
                && v.charAt(16) == ':' && v.charAt(n - 1) == 'Z') {
            try {
                int y = Integer.parseInt(v, 0, 4, 10), mo = Integer.parseInt(v, 5, 7, 10), d = Integer.parseInt(v, 8, 10, 10);
                int h = Integer.parseInt(v, 11, 13, 10), mi = Integer.parseInt(v, 14, 16, 10), se = Integer.parseInt(v, 17, 19, 10);
                long micros = 0;
                if (n > 20) {
                    if (v.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) throw new NumberFormatException(v);
                    long frac = Long.parseLong(v, 20, n - 1, 10);
                    for (int i = n - 21; i < 9; i++) frac *= 10;   // to nanoseconds
                    micros = frac / 1000;
                } else if (n != 20) {
                    throw new NumberFormatException(v);
                }
                long sec = java.time.LocalDate.of(y, mo, d).toEpochDay() * 86_400L + h * 3600L + mi * 60L + se;
                return sec * 1_000_000L + micros;
            } catch (RuntimeException e) {
                // fall through to the general parser
            }
        }
        Instant at = parseInstant(v);
        return at == null ? Long.MIN_VALUE : at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
    }

    /** Log-linear histogram of microseconds (about 0.4% resolution), lock-free. */
    static final class Histogram {
        static final int SUB = 256;
        static final int LEN = 2 * SUB + 40 * SUB;
        final AtomicLongArray counts = new AtomicLongArray(LEN);
        final AtomicLong n = new AtomicLong();
        final AtomicLong negatives = new AtomicLong();
        final AtomicLong max = new AtomicLong(0);

        void record(long micros) {
            if (micros < 0) {
                negatives.incrementAndGet();
                micros = 0;
            }
            long v = Math.min(micros, (1L << 48) - 1);
            counts.incrementAndGet(index(v));
            n.incrementAndGet();
            if (v > max.get()) max.accumulateAndGet(v, Math::max);
        }

        /** Adds the samples of another histogram. */
        void add(Histogram h) {
            for (int i = 0; i < LEN; i++) {
                long c = h.counts.get(i);
                if (c != 0) counts.addAndGet(i, c);
            }
            n.addAndGet(h.n.get());
            negatives.addAndGet(h.negatives.get());
            max.accumulateAndGet(h.max.get(), Math::max);
        }

        static int index(long v) {
            if (v < 2 * SUB) return (int) v;
            int e = 63 - Long.numberOfLeadingZeros(v);   // >= 9
            int shift = e - 8;
            int m = (int) (v >>> shift);                 // 256..511
            return Math.min(LEN - 1, 2 * SUB + (shift - 1) * SUB + (m - SUB));
        }

        static long lowerBound(int idx) {
            if (idx < 2 * SUB) return idx;
            int shift = (idx - 2 * SUB) / SUB + 1;
            long m = (idx - 2 * SUB) % SUB + SUB;
            return m << shift;
        }

        long count() { return n.get(); }

        long max() { return max.get(); }

        long negatives() { return negatives.get(); }

        /** Nearest-rank percentile in microseconds: the upper end of the bucket that holds it, capped at the max. */
        long percentile(double p) {
            long total = n.get();
            if (total == 0) return 0;
            long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
            long seen = 0;
            for (int i = 0; i < LEN; i++) {
                seen += counts.get(i);
                if (seen >= rank) return Math.min(max.get(), i + 1 < LEN ? lowerBound(i + 1) - 1 : max.get());
            }
            return max.get();
        }

        String fmt(double p) {
            return n.get() == 0 ? "n/a" : ms(percentile(p) * 1000);
        }
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
        int rc = new EventsBench(o).run();
        System.exit(rc);
    }
}
