package dev.trash.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve command's server: seeded on first start, keys printed at every start, answering with
 * the printed keys, keeping its data across restarts, and stopping cleanly (the port is free again).
 */
class ServerTest {
    private static final Pattern KEY_LINE = Pattern.compile("^  (acme|globex) +(trk_[0-9a-f]{48})$", Pattern.MULTILINE);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @DisplayName("R24 R21 the server seeds two workspaces, prints a key for each, and each key sees only its workspace's Trash")
    void seedsAndServes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, String> keys;
        List<String> acmeItems;
        int port;
        try (Server server = Server.start(dir, Optional.empty(), LOOPBACK, 0, print(bytes))) {
            port = server.port();
            String out = bytes.toString(StandardCharsets.UTF_8);
            keys = keys(out);
            assertThat(keys).containsOnlyKeys("acme", "globex");
            assertThat(out).contains("trash platform API on http://localhost:" + port + " (listening on 127.0.0.1, H2, data in "
                    + dir.toAbsolutePath());
            assertThat(Files.getPosixFilePermissions(dir.resolve(Server.KEYS_FILE)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(out).contains("try: curl -H 'Authorization: Bearer " + keys.get("acme") + "' http://localhost:"
                    + port + "/api/trash");

            acmeItems = names(get(port, "/api/trash", keys.get("acme")));
            assertThat(acmeItems).containsExactlyInAnyOrder("Street scenes", "Detector (old)");
            JsonNode globex = get(port, "/api/trash", keys.get("globex"));
            assertThat(names(globex)).containsExactlyInAnyOrder("Street scenes", "Detector (old)");
            String acmeItem = ids(get(port, "/api/trash", keys.get("acme"))).get(0);
            assertThat(send(port, "/api/trash/" + acmeItem, keys.get("acme")).statusCode()).isEqualTo(200);
            assertThat(send(port, "/api/trash/" + acmeItem, keys.get("globex")).statusCode()).isEqualTo(404);
        }

        // stopped cleanly: it says so, nothing answers, and the port can be bound again
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("trash platform API stopped" + System.lineSeparator());
        assertThatThrownBy(() -> get(port, "/api/trash", keys.get("acme"))).isInstanceOf(IOException.class);
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }

        // a restart keeps the data and the keys, and does not seed again
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (Server server = Server.start(dir, Optional.empty(), LOOPBACK, 0, print(second))) {
            assertThat(keys(second.toString(StandardCharsets.UTF_8))).isEqualTo(keys);
            assertThat(names(get(server.port(), "/api/trash", keys.get("acme")))).isEqualTo(acmeItems);
            assertThat(server.platform().list(Demo.ACME, PlatformSchema.PROJECT)).hasSize(2);
        }
    }

    @Test
    @DisplayName("R24 the server runs on PostgreSQL given a JDBC URL")
    void servesOnPostgres() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Server server = Server.start(dir, Optional.of(EmbeddedPostgres17.newDatabaseUrl()), LOOPBACK, 0, print(bytes))) {
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("(listening on 127.0.0.1, POSTGRESQL, data in ");
            assertThat(names(get(server.port(), "/api/trash", keys(out).get("globex"))))
                    .containsExactlyInAnyOrder("Street scenes", "Detector (old)");
        }
    }

    @Test
    @DisplayName("R24 the README's serve command (Main serve) answers with a printed key and stops cleanly on SIGTERM")
    void serveCommandStopsOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--data", dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            for (String line; (line = lines.readLine()) != null && !line.equals("stop with Ctrl+C"); ) {
                out.append(line).append('\n');
            }
            Matcher port = Pattern.compile("API on http://localhost:([0-9]+) ").matcher(out);
            assertThat(port.find()).as(out.toString()).isTrue();
            int p = Integer.parseInt(port.group(1));
            assertThat(names(get(p, "/api/trash", keys(out.toString()).get("acme"))))
                    .containsExactlyInAnyOrder("Street scenes", "Detector (old)");

            process.toHandle().destroy(); // SIGTERM: like Ctrl+C, it runs the shutdown hook (keeps our pipe open)
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(lines.readLine()).isEqualTo("trash platform API stopped");
            assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM ended on the signal
            assertThatThrownBy(() -> send(p, "/api/trash", "x")).isInstanceOf(IOException.class);
        } finally {
            process.destroyForcibly();
        }
    }

    private HttpResponse<String> send(int port, String path, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(int port, String path, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = send(port, path, key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static Map<String, String> keys(String out) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        Matcher m = KEY_LINE.matcher(out);
        while (m.find()) {
            keys.put(m.group(1), m.group(2));
        }
        return keys;
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
