// CKU request benchmark: one route hammered by C connections for a while, as wrk would.
//
//   java bench/RequestBench.java --url http://localhost:8080/runs/ID --connections 32 --seconds 20 \
//        --header "Authorization: Bearer $TOKEN" [--pid SERVICE_PID]
//
// Prints requests per second, latency percentiles, the answers' statuses, and with --pid (Linux) the service's CPU time
// per request read from /proc. The first --warmup seconds are not counted. JDK 17+, no dependencies.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

public class RequestBench {

    public static void main(String[] args) throws Exception {
        String url = null;
        int connections = 32;
        int seconds = 20;
        int warmup = 5;
        long pid = -1;
        List<String[]> headers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--header" -> headers.add(args[++i].split(":\\s*", 2));
                case "--help", "-h" -> {
                    System.out.println("usage: RequestBench --url URL [--connections 32] [--seconds 20] [--warmup 5] [--header 'Name: value']... [--pid PID]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required (see --help)");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        for (String[] header : headers) {
            builder.header(header[0], header[1]);
        }
        HttpRequest request = builder.build();

        AtomicLong counted = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long[][] latencies = new long[connections][];
        int[] sizes = new int[connections];
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        double[] cpuAt = new double[2];
        long theService = pid;
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            int me = c;
            latencies[me] = new long[1 << 16];
            threads[c] = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // one connection each
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        return;
                    }
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) {
                        counted.incrementAndGet();
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        if (sizes[me] == latencies[me].length) {
                            latencies[me] = Arrays.copyOf(latencies[me], sizes[me] * 2);
                        }
                        latencies[me][sizes[me]++] = t1 - t0;
                    }
                }
            }, "bench-" + c);
            threads[c].start();
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        cpuAt[0] = cpu(theService);
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        cpuAt[1] = cpu(theService);
        for (Thread thread : threads) {
            thread.join();
        }
        long[] all = new long[Arrays.stream(sizes).sum()];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, sizes[c]);
            at += sizes[c];
        }
        Arrays.sort(all);
        long n = counted.get();
        System.out.printf("GET %s, %d connections, %d s measured after %d s of warm-up%n", url, connections, seconds, warmup);
        System.out.printf("requests/s        %.0f%n", n / (double) seconds);
        System.out.printf("latency ms        p50 %.1f  p99 %.1f  max %.1f%n", pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("statuses          %s%n", new TreeMap<>(statuses));
        if (theService > 0) {
            System.out.printf("service CPU/req   %.3f ms (%.1f s of CPU over %d requests)%n", (cpuAt[1] - cpuAt[0]) * 1000 / Math.max(1, n),
                    cpuAt[1] - cpuAt[0], n);
        }
    }

    /** A process's user plus system CPU seconds, from /proc (Linux); -1 elsewhere. */
    static double cpu(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (Exception e) {
            return -1;
        }
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
