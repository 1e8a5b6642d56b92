package dev.trash.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trash.WorkspaceId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded load on loopback against the platform's HTTP server (issue 15), on H2: slow clients hold
 * no worker, many connections of mixed requests give no 5xx and exact counts, and keep-alive
 * answers at once. Each test prints its figures ("load: ...") for the README. Raw sockets speak
 * HTTP/1.1 so that the number of connections is exactly the one named.
 */
@Tag("heavy")
class ApiServerLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** How long the mixed load runs; the issue asks for 10 s. */
    private static final long MIXED_MILLIS = Long.getLong("trash.load.millis", 10_000);

    @TempDir
    Path dir;

    private Platform platform;
    private ApiServer server;
    private WorkspaceId acme;
    private String alice;

    @BeforeEach
    void start() {
        platform = Platform.open(dir, Optional.empty(), Clock.systemUTC());
        acme = platform.createWorkspace("acme", "Acme");
        alice = platform.issueApiKey(acme, "alice");
        server = ApiServer.start(platform, new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterEach
    void stop() {
        server.close();
        platform.close();
    }

    @Test
    @DisplayName("R24 20 slow connections (dribbling header bytes, or promising a body that never comes) do not raise a probe's p99 above 100 ms")
    void slowClientsHoldNoWorker() throws Exception {
        for (int i = 0; i < 20; i++) { // warm up
            try (Connection c = new Connection()) {
                c.call("GET", "/api/trash", null, 5_000);
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Socket> slow = new ArrayList<>();
        ExecutorService dribblers = Executors.newFixedThreadPool(10);
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket(LOOPBACK, server.port());
                slow.add(s);
                OutputStream out = s.getOutputStream();
                if (i % 2 == 0) { // a request whose header never ends, one byte at a time
                    out.write("GET /api/trash HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    dribblers.submit(() -> {
                        try {
                            while (!stop.get()) {
                                out.write('X');
                                out.flush();
                                Thread.sleep(200);
                            }
                        } catch (IOException | InterruptedException e) {
                            // the server closed it: fine
                        }
                        return null;
                    });
                } else { // a complete header with no key, and a body that never comes
                    out.write(("POST /api/projects HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            Thread.sleep(300);
            long[] millis = new long[200];
            int timeouts = 0;
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                try (Connection c = new Connection()) {
                    Reply reply = c.call("GET", "/api/trash?limit=5", null, 2_000);
                    assertThat(reply.status()).isEqualTo(200);
                } catch (SocketTimeoutException e) {
                    timeouts++;
                }
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(millis);
            long p50 = millis[millis.length / 2];
            long p99 = millis[(int) Math.ceil(millis.length * 0.99) - 1];
            System.out.printf("load: 20 slow connections, 200 probes (new connection each): p50 %d ms, p99 %d ms, max %d ms,"
                    + " %d timed out at 2 s%n", p50, p99, millis[millis.length - 1], timeouts);
            assertThat(timeouts).isZero();
            assertThat(p99).isLessThanOrEqualTo(100);
        } finally {
            stop.set(true);
            dribblers.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    @DisplayName("R24 keep-alive: 500 requests on one connection answer in under 5 ms each at the median")
    void keepAliveLatency() throws Exception {
        try (Connection c = new Connection()) {
            for (int i = 0; i < 100; i++) {
                assertThat(c.call("GET", "/api/plan", null, 5_000).status()).isEqualTo(200);
            }
            long[] micros = new long[500];
            long all = System.nanoTime();
            for (int i = 0; i < micros.length; i++) {
                long t0 = System.nanoTime();
                assertThat(c.call("GET", "/api/plan", null, 5_000).status()).isEqualTo(200);
                micros[i] = (System.nanoTime() - t0) / 1_000;
            }
            double perSecond = micros.length / ((System.nanoTime() - all) / 1e9);
            Arrays.sort(micros);
            double median = micros[micros.length / 2] / 1000.0;
            System.out.printf("load: keep-alive, one connection, 500 x GET /api/plan: median %.2f ms, p99 %.2f ms, %.0f requests/s%n",
                    median, micros[(int) (micros.length * 0.99) - 1] / 1000.0, perSecond);
            assertThat(median).isLessThan(5.0);
            assertThat(c.requests).isEqualTo(600); // one connection throughout
        }
    }

    @Test
    @DisplayName("R24 R7 50 connections of mixed requests for 10 s: no 5xx, and the projects and the Trash add up exactly")
    void mixedLoad() throws Exception {
        int connections = 50;
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        AtomicInteger restored = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        CountDownLatch go = new CountDownLatch(1);
        long[] end = new long[1];
        List<Future<Void>> done = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                try (Connection c = new Connection()) {
                    go.await();
                    for (int i = 0; System.nanoTime() < end[0]; i++) {
                        String slug = "p-" + thread + "-" + i;
                        Reply made = c.call("POST", "/api/projects", "{\"name\":\"P " + thread + " " + i + "\",\"slug\":\""
                                + slug + "\"}", 10_000);
                        count(statuses, made);
                        if (made.status() != 201) {
                            unexpected.incrementAndGet();
                            continue;
                        }
                        created.incrementAndGet();
                        long id = made.json().get("id").asLong();
                        Reply trashed = c.call("DELETE", "/api/projects/" + id, null, 10_000);
                        count(statuses, trashed);
                        if (trashed.status() != 200) {
                            unexpected.incrementAndGet();
                            continue;
                        }
                        deleted.incrementAndGet();
                        if (i % 2 == 0) {
                            Reply back = c.call("POST", "/api/trash/" + trashed.json().get("id").asText() + "/restore", null,
                                    10_000);
                            count(statuses, back);
                            if (back.status() == 200) {
                                restored.incrementAndGet();
                            } else {
                                unexpected.incrementAndGet();
                            }
                        }
                        for (String read : List.of("/api/trash?limit=10", "/api/trash/storage", "/api/plan", "/api/projects")) {
                            Reply r = c.call("GET", read, null, 10_000);
                            count(statuses, r);
                            if (r.status() != 200) {
                                unexpected.incrementAndGet();
                            }
                        }
                    }
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        end[0] = t0 + MIXED_MILLIS * 1_000_000;
        go.countDown();
        for (Future<Void> f : done) {
            f.get(MIXED_MILLIS + 60_000, TimeUnit.MILLISECONDS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        int fiveXx = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(e -> e.getValue().get()).sum();
        System.out.printf("load: %d connections of mixed requests for %.1f s: %d requests (%.0f/s), statuses %s, %d 5xx;"
                + " %d created, %d deleted, %d restored%n", connections, seconds, total, total / seconds, statuses, fiveXx,
                created.get(), deleted.get(), restored.get());
        assertThat(fiveXx).isZero();
        assertThat(unexpected.get()).isZero();
        assertThat(platform.list(acme, PlatformSchema.PROJECT)).hasSize(created.get() - deleted.get() + restored.get());
        int inTrash = 0;
        String cursor = null;
        try (Connection c = new Connection()) {
            do {
                Reply page = c.call("GET", "/api/trash?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), null, 10_000);
                assertThat(page.status()).isEqualTo(200);
                inTrash += page.json().get("items").size();
                cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
            } while (cursor != null);
        }
        assertThat(inTrash).isEqualTo(deleted.get() - restored.get());
        assertThat(platform.trash().storageSummary(acme).items()).isEqualTo((long) (deleted.get() - restored.get()));
    }

    private static void count(Map<Integer, AtomicInteger> statuses, Reply reply) {
        statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
    }

    private record Reply(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** One keep-alive HTTP/1.1 connection with alice's key; answers must carry a Content-Length. */
    private final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        int requests;

        Connection() throws IOException {
            socket = new Socket(LOOPBACK, server.port());
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Reply call(String method, String path, String body, int timeoutMillis) throws IOException {
            socket.setSoTimeout(timeoutMillis);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice + "\r\n"
                    + (body == null ? (method.equals("GET") ? "" : "Content-Length: 0\r\n")
                    : "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n") + "\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.getBytes(StandardCharsets.US_ASCII));
            request.write(bytes);
            out.write(request.toByteArray());
            out.flush();
            requests++;
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            int length = -1;
            for (String header; !(header = line()).isEmpty(); ) {
                int colon = header.indexOf(':');
                if (header.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(header.substring(colon + 1).trim());
                }
            }
            if (length < 0) {
                throw new IOException("no Content-Length in the answer to " + method + " " + path);
            }
            return new Reply(code, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
