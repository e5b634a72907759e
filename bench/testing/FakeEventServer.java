// TEST FIXTURE ONLY - NOT the CKU service. A tiny stand-in used to check bench/EventsBench.java before the real
// GET /events exists. It implements just enough of the contract in bench/README.md ("Events benchmark"):
//
//   POST /runs, GET /runs/{id}     runs of noop steps, executed by --workers threads, SUCCEEDED when done
//   GET /events                    SSE: retry, id/event/data frames, ": heartbeat" every 15 s, types=, runId=,
//                                  after= / Last-Event-ID replay then live, "event: overflow" + close when a
//                                  subscriber's queue (--queue) is full
//
// Ids are one sequence over all tenants; a background thread publishes --other-rate events/s for another tenant
// so a tenant's stream has gaps. Fault injection for testing the client: --overflow-every N closes every
// connection with an overflow frame after N live events; --drop-every N silently drops every Nth live event of
// the second connection, i.e. the first benchmark subscriber after the probe (the client must then report losses).
//
//     java -Dsun.net.httpserver.nodelay=true bench/testing/FakeEventServer.java --port 18080 [--queue 1000] [--overflow-every 0] [--drop-every 0]

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class FakeEventServer {

    record Event(long id, String type, String tenant, String runId, String json) {}

    static final class Run {
        final String id = UUID.randomUUID().toString();
        final Instant createdAt = Instant.now();
        volatile Instant updatedAt = createdAt;
        volatile String status = "PENDING";

        String json() {
            return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"createdAt\":\"" + createdAt
                    + "\",\"updatedAt\":\"" + updatedAt + "\"}";
        }
    }

    static final class Sub {
        final int no;
        final String tenant;
        final String[] types;
        final String runId;
        final BlockingQueue<Event> queue;
        volatile boolean overflowed;
        int liveSeen;

        Sub(int no, String tenant, String[] types, String runId, int cap) {
            this.no = no;
            this.tenant = tenant;
            this.types = types;
            this.runId = runId;
            this.queue = new ArrayBlockingQueue<>(cap);
        }

        boolean wants(Event e) {
            if (!e.tenant.equals(tenant)) return false;
            if (runId != null && !runId.equals(e.runId)) return false;
            if (types == null) return true;
            for (String t : types) if (!t.isEmpty() && e.type.startsWith(t)) return true;
            return false;
        }
    }

    static final Object LOCK = new Object();
    static final List<Event> EVENTS = new ArrayList<>();
    static final List<Sub> SUBS = new CopyOnWriteArrayList<>();
    static final Map<String, Run> RUNS = new ConcurrentHashMap<>();
    static final BlockingQueue<Run> WORK = new LinkedBlockingQueue<>();
    static final AtomicInteger SUB_NO = new AtomicInteger();
    static long seq;
    static int queueCap = 1000, overflowEvery = 0, dropEvery = 0, steps = 3;

    static void publish(String type, String tenant, String runId, String data) {
        synchronized (LOCK) {
            long id = ++seq;
            String json = "{\"id\":" + id + ",\"type\":\"" + type + "\",\"tenant\":\"" + tenant + "\",\"runId\":"
                    + (runId == null ? "null" : "\"" + runId + "\"") + ",\"at\":\"" + Instant.now() + "\",\"data\":" + data + "}";
            Event e = new Event(id, type, tenant, runId, json);
            EVENTS.add(e);
            for (Sub s : SUBS) {
                if (s.overflowed || !s.wants(e)) continue;
                if (!s.queue.offer(e)) s.overflowed = true;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 18080, workers = 2, otherRate = 200;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(args[i + 1]); break;
                case "--queue": queueCap = Integer.parseInt(args[i + 1]); break;
                case "--overflow-every": overflowEvery = Integer.parseInt(args[i + 1]); break;
                case "--drop-every": dropEvery = Integer.parseInt(args[i + 1]); break;
                case "--workers": workers = Integer.parseInt(args[i + 1]); break;
                case "--other-rate": otherRate = Integer.parseInt(args[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/runs", FakeEventServer::runs);
        server.createContext("/events", FakeEventServer::events);
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(FakeEventServer::work, "worker-" + w);
            t.setDaemon(true);
            t.start();
        }
        final int rate = otherRate;
        if (rate > 0) {
            Thread t = new Thread(() -> {
                while (true) {
                    publish("run.submitted", "other", UUID.randomUUID().toString(), "{}");
                    try { Thread.sleep(Math.max(1, 1000 / rate)); } catch (InterruptedException e) { return; }
                }
            }, "other-tenant");
            t.setDaemon(true);
            t.start();
        }
        server.start();
        System.err.println("FakeEventServer (test fixture, not CKU) on http://127.0.0.1:" + port);
    }

    static void work() {
        while (true) {
            Run r;
            try { r = WORK.take(); } catch (InterruptedException e) { return; }
            r.status = "RUNNING";
            publish("gate.decided", "default", r.id, "{\"gate\":\"QUALITY\",\"decision\":\"PASS\"}");
            publish("run.status", "default", r.id, "{\"status\":\"RUNNING\"}");
            for (int s = 1; s <= steps; s++) {
                publish("step.started", "default", r.id, "{\"step\":\"s" + s + "\"}");
                publish("step.succeeded", "default", r.id, "{\"step\":\"s" + s + "\"}");
            }
            r.updatedAt = Instant.now();
            r.status = "SUCCEEDED";
            publish("run.succeeded", "default", r.id, "{\"status\":\"SUCCEEDED\"}");
        }
    }

    static void runs(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (x.getRequestMethod().equals("POST") && path.equals("/runs")) {
                x.getRequestBody().readAllBytes();
                Run r = new Run();
                RUNS.put(r.id, r);
                publish("run.submitted", "default", r.id, "{\"intent\":\"bench run\"}");
                WORK.add(r);
                send(x, 202, r.json());
            } else if (x.getRequestMethod().equals("GET") && path.startsWith("/runs/")) {
                Run r = RUNS.get(path.substring("/runs/".length()));
                if (r == null) send(x, 404, "{\"error\":\"not found\"}");
                else send(x, 200, r.json());
            } else {
                send(x, 405, "{}");
            }
        }
    }

    static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    static void events(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            try (x) { send(x, 401, "{\"error\":\"unauthorized\"}"); }
            return;
        }
        String types = null, runId = null, after = x.getRequestHeaders().getFirst("Last-Event-ID");
        String q = x.getRequestURI().getRawQuery();
        if (q != null) for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            if (eq < 0) continue;
            String k = kv.substring(0, eq), v = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            if (k.equals("types")) types = v;
            else if (k.equals("runId")) runId = v;
            else if (k.equals("after") && after == null) after = v;
        }
        Sub sub = new Sub(SUB_NO.getAndIncrement(), "default", types == null ? null : types.split(","), runId, queueCap);
        List<Event> replay = new ArrayList<>();
        synchronized (LOCK) {
            if (after != null) {
                long a = Long.parseLong(after.trim());
                for (int i = (int) Math.min(Math.max(0, a), EVENTS.size()); i < EVENTS.size(); i++) {  // EVENTS[i].id == i + 1
                    Event e = EVENTS.get(i);
                    if (sub.wants(e)) replay.add(e);
                }
            }
            SUBS.add(sub);
        }
        x.getResponseHeaders().set("Content-Type", "text/event-stream");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        long last = 0;
        try {
            out.write("retry: 3000\n\n".getBytes(StandardCharsets.UTF_8));
            for (Event e : replay) {
                write(out, e);
                last = e.id;
            }
            out.flush();
            while (true) {
                Event e = sub.queue.poll(15, TimeUnit.SECONDS);
                if (e == null) {
                    if (sub.overflowed) break;
                    out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    continue;
                }
                if (e.id <= last) continue;
                sub.liveSeen++;
                if (dropEvery > 0 && sub.no == 1 && sub.liveSeen % dropEvery == 0) continue;   // injected loss
                write(out, e);
                last = e.id;
                if (sub.queue.isEmpty()) out.flush();
                if ((overflowEvery > 0 && sub.liveSeen % overflowEvery == 0) || (sub.overflowed && sub.queue.isEmpty())) {
                    sub.overflowed = true;
                    break;
                }
            }
            out.write(("id: " + last + "\nevent: overflow\ndata: {}\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | InterruptedException ignored) {
            // client went away
        } finally {
            SUBS.remove(sub);
            x.close();
        }
    }

    static void write(OutputStream out, Event e) throws IOException {
        out.write(("id: " + e.id + "\nevent: " + e.type + "\ndata: " + e.json + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
