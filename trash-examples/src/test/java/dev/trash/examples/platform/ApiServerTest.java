package dev.trash.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trash.SweeperOptions;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.Database;
import dev.trash.memory.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The platform's HTTP API (SPEC R24) over a real server on a free port, on H2, PostgreSQL 17 and
 * MariaDB 11.4, spoken to only through {@link HttpClient}. Two workspaces, "acme" (key of alice) and "globex" (key of
 * bob); a manual clock for expiry.
 *
 * <p>Sizes used throughout (Platform's seed formulas): a model of {@code w} weight bytes stores
 * {@code w + (4000 + w/200) + (6000 + w/150) + (w/2 + 1)} bytes in 4 files: 25,117 for w = 10,000
 * and 40,234 for w = 20,000; a dataset of 3 images of 1,000 bytes stores 3,000 + 301 + 302 + 303 =
 * 3,906 bytes in 6 files.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class ApiServerTest {
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final String R12_MESSAGE =
            "Cannot restore model while its parent project is in trash. Restore the project first.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Parameter
    TestDatabase database;

    private final ManualClock clock = ManualClock.at(T0);
    private Optional<String> jdbcUrl;
    private Platform platform;
    private ApiServer server;
    private HttpClient http;
    private WorkspaceId acme;
    private WorkspaceId globex;
    private String alice;
    private String bob;

    /** The seed of one workspace: project Vision (detector, segmenter) and dataset Street scenes. */
    private record Seed(long vision, long detector, long segmenter, long streets) {
    }

    private record Reply(int status, HttpHeaders headers, String body) {
        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        JsonNode json() {
            assertThat(contentType()).as("Content-Type of " + body).isEqualTo("application/json; charset=utf-8");
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @BeforeEach
    void start() {
        jdbcUrl = database.newJdbcUrl();
        platform = Platform.open(dir, jdbcUrl, clock);
        acme = platform.createWorkspace("acme", "Acme");
        globex = platform.createWorkspace("globex", "Globex");
        alice = platform.issueApiKey(acme, "alice");
        bob = platform.issueApiKey(globex, "bob");
        server = ApiServer.start(platform, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        server.close();
        platform.close();
    }

    /** Stops the server and the platform and starts them again on the same database: new connections. */
    private void reopen() {
        server.close();
        platform.close();
        platform = Platform.open(dir, jdbcUrl, clock);
        server = ApiServer.start(platform, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    // ---- success paths ----

    @Test
    @DisplayName("R24 POST /api/projects, /api/projects/{id}/models and /api/datasets create (201); GET lists the active ones")
    void createsAndListsResources() throws Exception {
        Reply project = send("POST", "/api/projects", alice, "{\"name\":\"Vision\",\"slug\":\"vision\"}");
        assertThat(project.status()).isEqualTo(201);
        long vision = project.json().get("id").asLong();
        assertThat(project.json()).isEqualTo(json("""
                {"type":"project","id":%d,"name":"Vision","slug":"vision","parentId":null}""".formatted(vision)));

        Reply model = send("POST", "/api/projects/" + vision + "/models", alice,
                "{\"name\":\"Detector\",\"slug\":\"detector\",\"weightsBytes\":10000}");
        assertThat(model.status()).isEqualTo(201);
        long detector = model.json().get("id").asLong();
        assertThat(model.json()).isEqualTo(json("""
                {"type":"model","id":%d,"name":"Detector","slug":"detector","parentId":%d}""".formatted(detector, vision)));

        Reply dataset = send("POST", "/api/datasets", alice,
                "{\"name\":\"Street scenes\",\"slug\":\"street-scenes\",\"images\":3,\"imageBytes\":1000}");
        assertThat(dataset.status()).isEqualTo(201);
        long streets = dataset.json().get("id").asLong();
        assertThat(dataset.json()).isEqualTo(json("""
                {"type":"dataset","id":%d,"name":"Street scenes","slug":"street-scenes","parentId":null}"""
                .formatted(streets)));

        assertThat(get("/api/projects", alice).json()).isEqualTo(json("""
                {"items":[{"type":"project","id":%d,"name":"Vision","slug":"vision","parentId":null}]}"""
                .formatted(vision)));
        assertThat(get("/api/models", alice).json()).isEqualTo(json("""
                {"items":[{"type":"model","id":%d,"name":"Detector","slug":"detector","parentId":%d}]}"""
                .formatted(detector, vision)));
        assertThat(get("/api/datasets", alice).json()).isEqualTo(json("""
                {"items":[{"type":"dataset","id":%d,"name":"Street scenes","slug":"street-scenes","parentId":null}]}"""
                .formatted(streets)));
        assertThat(platform.storageBytes(acme)).isEqualTo(25_117 + 3_906);
        assertThat(platform.files().usage()).isEqualTo(new FileStore.Usage(10, 25_117 + 3_906));
        assertThat(get("/api/projects", bob).json()).isEqualTo(json("{\"items\":[]}"));
    }

    @Test
    @DisplayName("R24 R7 R5a DELETE /api/models/{id} moves the model to the Trash and answers the item; GET /api/trash/{id} shows it")
    void deletesAResourceIntoTheTrash() throws Exception {
        Seed seed = seed(acme);

        Reply deleted = send("DELETE", "/api/models/" + seed.detector(), alice, null);

        assertThat(deleted.status()).isEqualTo(200);
        JsonNode item = deleted.json();
        String id = item.get("id").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(item).isEqualTo(json("""
                {"id":"%s","type":"model","resourceId":%d,"name":"Detector","badge":"+4","cascadedCount":4,
                 "slug":"detector","parent":{"type":"project","id":%d,"name":"Vision"},
                 "deletedAt":"2025-03-01T09:00:00Z","deletedBy":"alice","expiresAt":"2025-03-31T09:00:00Z",
                 "expiresIn":"30d","expiresInDays":30,"sizeBytes":25117,"size":"24.5 KB","held":false,"hold":null}"""
                .formatted(id, seed.detector(), seed.vision())));
        assertThat(get("/api/trash/" + id, alice).json()).isEqualTo(item);
        assertThat(ids(get("/api/models", alice).json())).containsExactly(seed.segmenter());

        clock.advance(Duration.ofDays(29).plusHours(12));
        JsonNode later = get("/api/trash/" + id, alice).json();
        assertThat(later.get("expiresIn").asText()).isEqualTo("1d");
        assertThat(later.get("expiresInDays").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("R24 R6 GET /api/trash pages newest first through nextCursor (limit 1 and 2), oldest first, and filters by type")
    void listsPagesAndFilters() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        clock.advance(Duration.ofMinutes(1));
        String detector = deleteItem("models", seed.detector(), alice);
        clock.advance(Duration.ofMinutes(1));
        String vision = deleteItem("projects", seed.vision(), alice);

        assertThat(pages("/api/trash?limit=1", alice)).containsExactly(List.of(vision), List.of(detector),
                List.of(streets));
        assertThat(pages("/api/trash?limit=2", alice)).containsExactly(List.of(vision, detector), List.of(streets));
        assertThat(pages("/api/trash?limit=1&order=oldest", alice)).containsExactly(List.of(streets),
                List.of(detector), List.of(vision));
        assertThat(pages("/api/trash?order=newest", alice)).containsExactly(List.of(vision, detector, streets));
        assertThat(pages("/api/trash?type=model", alice)).containsExactly(List.of(detector));
        assertThat(pages("/api/trash?type=project&limit=1", alice)).containsExactly(List.of(vision));
        assertThat(pages("/api/trash?type=dataset", alice)).containsExactly(List.of(streets));

        JsonNode all = get("/api/trash", alice).json();
        assertThat(all.get("nextCursor").isNull()).isTrue();
        JsonNode project = all.get("items").get(0);
        assertThat(project.get("name").asText()).isEqualTo("Vision");
        assertThat(project.get("badge").asText()).isEqualTo("+5"); // segmenter and its 4 files; detector is apart (R4)
        assertThat(project.get("sizeBytes").asLong()).isEqualTo(40_234);
        assertThat(project.get("parent").isNull()).isTrue();
        assertThat(project.get("deletedAt").asText()).isEqualTo("2025-03-01T09:02:00Z");
        assertThat(all.get("items").get(2).get("badge").asText()).isEqualTo("+6");
        assertThat(get("/api/trash", bob).json()).isEqualTo(json("{\"items\":[],\"nextCursor\":null}"));
    }

    /** Four items of acme, made by {@link #findable()}: who deleted each, when, its size and expiry differ. */
    private record Findable(String detector, String streets, String vision, String testSet) {
    }

    /**
     * Deletes, in this order one minute apart: Detector (alice, under the pro plan: expires in 180
     * days; 25,117 bytes), Street scenes (carol; 3,906 bytes), Vision with Segmenter (alice; 40,234
     * bytes) and Vision test set (carol; 2 images of 100 bytes: 803 bytes), the last three expiring
     * 30 days after their deletion.
     */
    private Findable findable() throws Exception {
        Seed seed = seed(acme);
        long testSet = platform.createDataset(acme, "Vision test set", "vision-test-set", 2, 100).id();
        String carol = platform.issueApiKey(acme, "carol");
        platform.changePlan(acme, Plan.PRO, false, dev.trash.ActorId.of("root"));
        String detector = deleteItem("models", seed.detector(), alice);
        platform.changePlan(acme, Plan.FREE, false, dev.trash.ActorId.of("root"));
        clock.advance(Duration.ofMinutes(1));
        String streets = deleteItem("datasets", seed.streets(), carol);
        clock.advance(Duration.ofMinutes(1));
        String vision = deleteItem("projects", seed.vision(), alice);
        clock.advance(Duration.ofMinutes(1));
        String set = deleteItem("datasets", testSet, carol);
        return new Findable(detector, streets, vision, set);
    }

    @Test
    @DisplayName("R38 R6 GET /api/trash?order= sorts by deletion time, expiry, size or name, either way, each paged "
            + "through nextCursor in the same order (limit 1 and 3)")
    void sortsEveryWay() throws Exception {
        Findable f = findable();
        assertThat(get("/api/trash/" + f.testSet(), alice).json().get("sizeBytes").asLong()).isEqualTo(803);

        java.util.Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("newest", List.of(f.testSet(), f.vision(), f.streets(), f.detector()));
        expected.put("oldest", List.of(f.detector(), f.streets(), f.vision(), f.testSet()));
        expected.put("expiring", List.of(f.streets(), f.vision(), f.testSet(), f.detector()));
        expected.put("expiring-last", List.of(f.detector(), f.testSet(), f.vision(), f.streets()));
        expected.put("largest", List.of(f.vision(), f.detector(), f.streets(), f.testSet()));
        expected.put("smallest", List.of(f.testSet(), f.streets(), f.detector(), f.vision()));
        expected.put("name", List.of(f.detector(), f.streets(), f.vision(), f.testSet()));
        expected.put("name-desc", List.of(f.testSet(), f.vision(), f.streets(), f.detector()));
        assertThat(expected.keySet()).containsExactlyElementsOf(ApiServer.ORDERS.keySet());
        expected.forEach((order, ids) -> {
            try {
                assertThat(flat(pages("/api/trash?order=" + order, alice))).as(order).isEqualTo(ids);
                assertThat(pages("/api/trash?limit=1&order=" + order, alice)).as(order + ", limit 1")
                        .containsExactly(List.of(ids.get(0)), List.of(ids.get(1)), List.of(ids.get(2)), List.of(ids.get(3)));
                assertThat(pages("/api/trash?limit=3&order=" + order, alice)).as(order + ", limit 3")
                        .containsExactly(ids.subList(0, 3), ids.subList(3, 4));
            } catch (Exception e) {
                throw new AssertionError(order, e);
            }
        });
        assertThat(flat(pages("/api/trash?type=dataset&order=largest", alice))).containsExactly(f.streets(), f.testSet());
        assertThat(get("/api/trash?order=largest", bob).json()).isEqualTo(json("{\"items\":[],\"nextCursor\":null}"));
    }

    @Test
    @DisplayName("R38 R21 GET /api/trash filters by name (q, case-insensitive, contains), by who deleted (deletedBy) and by "
            + "deletion time (deletedFrom inclusive, deletedBefore exclusive), alone, together and with type and order, "
            + "paged through nextCursor")
    void filters() throws Exception {
        Findable f = findable();
        String t1 = T0.plus(Duration.ofMinutes(1)).toString();
        String t3 = T0.plus(Duration.ofMinutes(3)).toString();

        assertThat(flat(pages("/api/trash?q=VISION", alice))).containsExactly(f.testSet(), f.vision());
        assertThat(flat(pages("/api/trash?q=" + enc("t sc"), alice))).containsExactly(f.streets());
        assertThat(flat(pages("/api/trash?q=e&limit=1", alice))).containsExactly(f.testSet(), f.streets(), f.detector());
        assertThat(flat(pages("/api/trash?q=nothing-like-it", alice))).isEmpty();
        assertThat(flat(pages("/api/trash?deletedBy=carol", alice))).containsExactly(f.testSet(), f.streets());
        assertThat(flat(pages("/api/trash?deletedBy=alice&limit=1", alice))).containsExactly(f.vision(), f.detector());
        assertThat(flat(pages("/api/trash?deletedBy=bob", alice))).isEmpty();
        assertThat(flat(pages("/api/trash?deletedFrom=" + t1, alice))).containsExactly(f.testSet(), f.vision(), f.streets());
        assertThat(flat(pages("/api/trash?deletedBefore=" + t1, alice))).containsExactly(f.detector());
        assertThat(flat(pages("/api/trash?deletedFrom=" + t1 + "&deletedBefore=" + t3 + "&limit=1", alice)))
                .containsExactly(f.vision(), f.streets());
        assertThat(flat(pages("/api/trash?q=vision&deletedBy=alice", alice))).containsExactly(f.vision());
        assertThat(flat(pages("/api/trash?type=dataset&q=vision", alice))).containsExactly(f.testSet());
        assertThat(flat(pages("/api/trash?q=vision&order=largest&limit=1", alice))).containsExactly(f.vision(), f.testSet());
        assertThat(flat(pages("/api/trash?deletedBy=carol&order=name-desc", alice))).containsExactly(f.testSet(), f.streets());
        // Another workspace's items never match (R21).
        assertThat(flat(pages("/api/trash?deletedBy=alice", bob))).isEmpty();
        assertThat(flat(pages("/api/trash?q=vision", bob))).isEmpty();
    }

    @Test
    @DisplayName("R39 R41 GET /api/trash?expiringWithin=P7D lists what expires within the window, soonest first (or in any "
            + "order); its bound is fixed by the first page and kept by the cursor, which no other window or listing takes")
    void expiringWithin() throws Exception {
        Findable f = findable();
        clock.set(T0.plus(Duration.ofDays(25))); // the three free-plan items expire in 5 days and 1 to 3 minutes

        assertThat(flat(pages("/api/trash?expiringWithin=P7D", alice))).containsExactly(f.streets(), f.vision(), f.testSet());
        assertThat(pages("/api/trash?expiringWithin=P7D&limit=2", alice)).containsExactly(List.of(f.streets(), f.vision()),
                List.of(f.testSet()));
        assertThat(flat(pages("/api/trash?expiringWithin=P5D", alice))).isEmpty();
        assertThat(flat(pages("/api/trash?expiringWithin=P200D&limit=3", alice)))
                .containsExactly(f.streets(), f.vision(), f.testSet(), f.detector());
        assertThat(flat(pages("/api/trash?expiringWithin=P7D&order=largest&limit=1", alice)))
                .containsExactly(f.vision(), f.streets(), f.testSet());
        assertThat(flat(pages("/api/trash?expiringWithin=P7D&deletedBy=carol", alice))).containsExactly(f.streets(), f.testSet());
        assertThat(flat(pages("/api/trash?expiringWithin=PT121H&type=project", alice))).containsExactly(f.vision());

        // The first page fixes the bound (now + 5 days 2 minutes: Street scenes and Vision); an hour later
        // the next page still has it, though Vision test set now expires within 5 days 2 minutes too.
        JsonNode first = get("/api/trash?expiringWithin=P5DT2M&limit=1", alice).json();
        assertThat(ids(first, "id")).containsExactly(f.streets());
        String cursor = first.get("nextCursor").asText();
        clock.advance(Duration.ofHours(1));
        JsonNode second = get("/api/trash?expiringWithin=P5DT2M&limit=1&cursor=" + enc(cursor), alice).json();
        assertThat(ids(second, "id")).containsExactly(f.vision());
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(flat(pages("/api/trash?expiringWithin=P5DT2M", alice))).containsExactly(f.streets(), f.vision(),
                f.testSet());

        // The cursor is bound to its window, order and filters (R41).
        assertError(get("/api/trash?expiringWithin=P5DT3M&limit=1&cursor=" + enc(cursor), alice), 400,
                "invalid_argument", "was not made for this listing");
        assertError(get("/api/trash?expiringWithin=P5DT2M&order=largest&cursor=" + enc(cursor), alice), 400,
                "invalid_argument", "was not made for this listing");
        assertError(get("/api/trash?expiringWithin=P5DT2M&q=vision&cursor=" + enc(cursor), alice), 400,
                "invalid_argument", "was not made for this listing");
        assertError(get("/api/trash?cursor=" + enc(cursor), alice), 400, "invalid_argument", "cursor");
        assertError(get("/api/trash?expiringWithin=P5DT2M&cursor=", alice), 400, "invalid_argument",
                "cursor must not be blank");
        assertError(get("/api/trash?expiringWithin=P5DT2M&cursor=garbage", alice), 400, "invalid_argument",
                "was not made for this listing");
        String plain = get("/api/trash?limit=1&order=expiring", alice).json().get("nextCursor").asText();
        assertError(get("/api/trash?expiringWithin=P5DT2M&cursor=" + enc(plain), alice), 400, "invalid_argument",
                "was not made for this listing");
        // A bound moved by hand is refused by the library's own binding.
        String decoded = new String(java.util.Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String[] parts = decoded.split("\\|", -1);
        parts[2] = Instant.parse(parts[2]).plus(Duration.ofDays(1)).toString();
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                String.join("|", parts).getBytes(StandardCharsets.UTF_8));
        assertError(get("/api/trash?expiringWithin=P5DT2M&limit=1&cursor=" + enc(forged), alice), 400, "invalid_argument",
                "was not made for this listing");
        assertError(get("/api/trash?expiringWithin=P5DT2M&limit=1&cursor=" + enc(cursor), bob), 400, "invalid_argument",
                "was not made for this listing");
    }

    @Test
    @DisplayName("R23 R38 R39 400 naming the parameter for bad filter and order values: q, deletedBy, deletedFrom, "
            + "deletedBefore (and an empty range), expiringWithin, order; nothing changes")
    void badFilterParameters() throws Exception {
        findable();
        List<String> before = snapshot(alice);

        assertError(get("/api/trash?q=", alice), 400, "invalid_argument", "q: ");
        assertError(get("/api/trash?q=%20%20", alice), 400, "invalid_argument", "must not be blank");
        assertError(get("/api/trash?q=" + "x".repeat(256), alice), 400, "invalid_argument", "q: ");
        assertError(get("/api/trash?q=a%07b", alice), 400, "invalid_argument", "q: ");
        assertError(get("/api/trash?q=a&q=b", alice), 400, "invalid_argument", "query parameter 'q' is given twice");
        assertError(get("/api/trash?deletedBy=", alice), 400, "invalid_argument", "deletedBy: ");
        assertError(get("/api/trash?deletedBy=" + "a".repeat(256), alice), 400, "invalid_argument", "deletedBy: ");
        for (String bad : List.of("yesterday", "2025-03-01", "2025-13-01T00:00:00Z", "", "1740819600")) {
            assertError(get("/api/trash?deletedFrom=" + enc(bad), alice), 400, "invalid_argument",
                    "deletedFrom must be an ISO-8601 instant such as 2026-11-01T09:00:00Z, got '" + bad + "'");
            assertError(get("/api/trash?deletedBefore=" + enc(bad), alice), 400, "invalid_argument",
                    "deletedBefore must be an ISO-8601 instant such as 2026-11-01T09:00:00Z, got '" + bad + "'");
        }
        assertError(get("/api/trash?deletedFrom=2025-03-02T00:00:00Z&deletedBefore=2025-03-01T00:00:00Z", alice), 400,
                "invalid_argument", "deletedFrom must be before deletedBefore, got deletedFrom 2025-03-02T00:00:00Z "
                        + "and deletedBefore 2025-03-01T00:00:00Z");
        assertError(get("/api/trash?deletedFrom=2025-03-01T00:00:00Z&deletedBefore=2025-03-01T00:00:00Z", alice), 400,
                "invalid_argument", "deletedFrom must be before deletedBefore");
        for (String bad : List.of("7d", "P1W", "P1M", "", "7", "P")) {
            assertError(get("/api/trash?expiringWithin=" + enc(bad), alice), 400, "invalid_argument",
                    "expiringWithin must be an ISO-8601 duration such as P7D or PT12H, got '" + bad + "'");
        }
        for (String bad : List.of("PT0S", "-P1D", "P3651D", "PT-1H")) {
            assertError(get("/api/trash?expiringWithin=" + enc(bad), alice), 400, "invalid_argument",
                    "expiringWithin must be positive and at most 3650 days (P3650D), got '" + bad + "'");
        }
        assertError(get("/api/trash?order=size", alice), 400, "invalid_argument", "order must be one of newest, oldest, "
                + "expiring, expiring-last, largest, smallest, name, name-desc, got 'size'");
        assertError(get("/api/trash?sort=name", alice), 400, "invalid_argument", "unknown query parameter 'sort'; allowed: "
                + "cursor, deletedBefore, deletedBy, deletedFrom, expiringWithin, limit, order, q, type");

        assertThat(snapshot(alice)).isEqualTo(before);
    }

    @Test
    @DisplayName("R41 R38 a cursor is valid only with the filters and order it was made for: another q, deletedBy, deleted "
            + "range or order is 400; the same listing pages on")
    void cursorsAreBoundToTheirFilters() throws Exception {
        findable();
        String t1 = T0.plus(Duration.ofMinutes(1)).toString();
        String byName = get("/api/trash?q=e&limit=1", alice).json().get("nextCursor").asText();
        String byActor = get("/api/trash?deletedBy=carol&limit=1", alice).json().get("nextCursor").asText();
        String byTime = get("/api/trash?deletedFrom=" + t1 + "&limit=1", alice).json().get("nextCursor").asText();
        String bySize = get("/api/trash?order=largest&limit=1", alice).json().get("nextCursor").asText();

        for (String path : List.of("/api/trash?q=i&limit=1&cursor=" + enc(byName),
                "/api/trash?limit=1&cursor=" + enc(byName),
                "/api/trash?q=e&order=name&limit=1&cursor=" + enc(byName),
                "/api/trash?deletedBy=alice&limit=1&cursor=" + enc(byActor),
                "/api/trash?deletedBy=carol&q=e&limit=1&cursor=" + enc(byActor),
                "/api/trash?deletedFrom=" + T0 + "&limit=1&cursor=" + enc(byTime),
                "/api/trash?deletedFrom=" + t1 + "&deletedBefore=2030-01-01T00:00:00Z&limit=1&cursor=" + enc(byTime),
                "/api/trash?order=smallest&limit=1&cursor=" + enc(bySize),
                "/api/trash?order=largest&type=model&limit=1&cursor=" + enc(bySize))) {
            assertError(get(path, alice), 400, "invalid_argument", "was not made for this listing");
        }
        assertThat(get("/api/trash?q=e&limit=1&cursor=" + enc(byName), alice).status()).isEqualTo(200);
        assertThat(get("/api/trash?deletedBy=carol&limit=1&cursor=" + enc(byActor), alice).status()).isEqualTo(200);
        assertThat(get("/api/trash?deletedFrom=" + t1 + "&limit=1&cursor=" + enc(byTime), alice).status()).isEqualTo(200);
        assertThat(get("/api/trash?order=largest&limit=1&cursor=" + enc(bySize), alice).status()).isEqualTo(200);
        assertError(get("/api/trash?order=largest&limit=1&cursor=" + enc(bySize), bob), 400, "invalid_argument",
                "was not made for this listing");
    }

    @Test
    @DisplayName("R24 R8 R20 GET /api/trash/storage: totals, per type, the workspace's storage and the treemap as data and SVG")
    void storageSummary() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        String detector = deleteItem("models", seed.detector(), alice);
        String vision = deleteItem("projects", seed.vision(), alice);

        Reply reply = get("/api/trash/storage", alice);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Vary")).contains("Accept");
        JsonNode storage = reply.json();
        JsonNode treemap = storage.get("treemap");
        assertThat(withoutTreemap(storage)).isEqualTo(json("""
                {"workspace":"acme","items":3,"bytes":69257,"size":"67.6 KB",
                 "byType":{"dataset":{"items":1,"bytes":3906,"size":"3.8 KB"},
                           "model":{"items":1,"bytes":25117,"size":"24.5 KB"},
                           "project":{"items":1,"bytes":40234,"size":"39.3 KB"}},
                 "purgingItems":0,"purgingBytes":0,"workspaceStorageBytes":69257}"""));
        assertThat(treemap.get("width").asInt()).isEqualTo(960);
        assertThat(treemap.get("height").asInt()).isEqualTo(540);
        List<String> tiles = new ArrayList<>();
        double area = 0;
        for (JsonNode tile : treemap.get("tiles")) {
            tiles.add(String.join(" ", tile.get("item").asText(), tile.get("type").asText(), tile.get("label").asText(),
                    tile.get("bytes").asText(), tile.get("color").asText()));
            area += tile.get("width").asDouble() * tile.get("height").asDouble();
            assertThat(tile.get("x").asDouble()).isBetween(0.0, 960.0);
            assertThat(tile.get("y").asDouble()).isBetween(0.0, 540.0);
        }
        assertThat(tiles).containsExactly(vision + " project Vision 40234 #2563eb",
                detector + " model Detector 25117 #9333ea", streets + " dataset Street scenes 3906 #16a34a");
        assertThat(area).isCloseTo(960.0 * 540.0, within(0.01));
        assertThat(treemap.get("svg").asText()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\"")
                .contains("<title>Trash: 67.6 KB</title>", "<title>Vision (project, 39.3 KB)</title>")
                .endsWith("</svg>\n");

        Reply svg = send("GET", "/api/trash/storage", alice, null, "Accept", "image/svg+xml");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.contentType()).isEqualTo("image/svg+xml; charset=utf-8");
        assertThat(svg.body()).isEqualTo(treemap.get("svg").asText());
        assertThat(send("GET", "/api/trash/storage", alice, null, "Accept", "application/json, image/svg+xml;q=0.5")
                .json().get("items").asLong()).isEqualTo(3);
        assertThat(send("GET", "/api/trash/storage", alice, null, "Accept", "text/html, image/svg+xml;q=0.9")
                .contentType()).isEqualTo("image/svg+xml; charset=utf-8");

        assertThat(withoutTreemap(get("/api/trash/storage", bob).json())).isEqualTo(json("""
                {"workspace":"globex","items":0,"bytes":0,"size":"0 B","byType":{},
                 "purgingItems":0,"purgingBytes":0,"workspaceStorageBytes":0}"""));
        assertThat(get("/api/trash/storage", bob).json().get("treemap").get("tiles")).isEmpty();
    }

    @Test
    @DisplayName("R24 R10 R11 R13 POST /api/trash/{id}/restore brings a project back with its models, on a new slug if its own was taken")
    void restores() throws Exception {
        Seed seed = seed(acme);
        String vision = deleteItem("projects", seed.vision(), alice);
        long newVision = platform.createProject(acme, "Vision (new)", "vision").id();

        Reply restored = send("POST", "/api/trash/" + vision + "/restore", alice, "{}");

        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.json()).isEqualTo(json("""
                {"item":"%s","type":"project","id":%d,"restoredCount":11,"slug":"vision-2","originalSlug":"vision",
                 "renamed":true,"parent":null}""".formatted(vision, seed.vision())));
        assertThat(get("/api/projects", alice).json()).isEqualTo(json("""
                {"items":[{"type":"project","id":%d,"name":"Vision","slug":"vision-2","parentId":null},
                          {"type":"project","id":%d,"name":"Vision (new)","slug":"vision","parentId":null}]}"""
                .formatted(seed.vision(), newVision)));
        assertThat(ids(get("/api/models", alice).json())).containsExactly(seed.detector(), seed.segmenter());
        assertThat(get("/api/trash", alice).json().get("items")).isEmpty();

        String streets = deleteItem("datasets", seed.streets(), alice);
        Reply plain = send("POST", "/api/trash/" + streets + "/restore", alice, null);
        assertThat(plain.json()).isEqualTo(json("""
                {"item":"%s","type":"dataset","id":%d,"restoredCount":7,"slug":"street-scenes",
                 "originalSlug":"street-scenes","renamed":false,"parent":null}""".formatted(streets, seed.streets())));
        assertThat(platform.storageBytes(acme)).isEqualTo(69_257);
    }

    @Test
    @DisplayName("R24 R12 R13 restoring a model whose project is in the Trash is 409 parent_in_trash with the exact message; after the project it works")
    void parentInTrash() throws Exception {
        Seed seed = seed(acme);
        String detector = deleteItem("models", seed.detector(), alice);
        String vision = deleteItem("projects", seed.vision(), alice);
        List<String> before = snapshot(alice);

        Reply refused = send("POST", "/api/trash/" + detector + "/restore", alice, null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json()).isEqualTo(json("""
                {"status":409,"error":"parent_in_trash","message":"%s"}""".formatted(R12_MESSAGE)));
        assertThat(snapshot(alice)).isEqualTo(before);

        assertThat(send("POST", "/api/trash/" + vision + "/restore", alice, null).json().get("restoredCount").asLong())
                .isEqualTo(6);
        assertThat(send("POST", "/api/trash/" + detector + "/restore", alice, null).json().get("restoredCount").asLong())
                .isEqualTo(5);
        assertThat(ids(get("/api/models", alice).json())).containsExactly(seed.detector(), seed.segmenter());
    }

    @Test
    @DisplayName("R24 R15 R20 DELETE /api/trash/{id} purges the item, its stored files and deployments, and frees its bytes")
    void purgesOne() throws Exception {
        Seed seed = seed(acme);
        String vision = deleteItem("projects", seed.vision(), alice);
        assertThat(platform.files().usage()).isEqualTo(new FileStore.Usage(14, 69_257));

        Reply purged = send("DELETE", "/api/trash/" + vision, alice, null);

        assertThat(purged.status()).isEqualTo(200);
        assertThat(purged.json()).isEqualTo(json("{\"items\":1,\"bytes\":65351,\"retrying\":0}"));
        assertThat(platform.files().usage()).isEqualTo(new FileStore.Usage(6, 3_906));
        assertThat(platform.count(acme, "deployments")).isZero();
        assertThat(platform.storageBytes(acme)).isEqualTo(3_906);
        assertThat(get("/api/trash/storage", alice).json().get("workspaceStorageBytes").asLong()).isEqualTo(3_906);
        assertError(get("/api/trash/" + vision, alice), 404, "not_found", "trash item " + vision);
        assertError(send("DELETE", "/api/trash/" + vision, alice, null), 404, "not_found", "trash item " + vision);
        assertThat(get("/api/trash", alice).json().get("items")).isEmpty();
    }

    @Test
    @DisplayName("R24 R16 R21 POST /api/trash/empty purges every item of the caller's workspace and nothing of another")
    void emptiesTrash() throws Exception {
        Seed a = seed(acme);
        Seed b = seed(globex);
        deleteItem("datasets", a.streets(), alice);
        deleteItem("models", a.detector(), alice);
        String bobs = deleteItem("projects", b.vision(), bob);
        List<String> globexBefore = snapshot(bob);

        Reply emptied = send("POST", "/api/trash/empty", alice, "");

        assertThat(emptied.status()).isEqualTo(200);
        assertThat(emptied.json()).isEqualTo(json("{\"items\":2,\"bytes\":29023,\"retrying\":0,\"held\":0}"));
        assertThat(get("/api/trash", alice).json().get("items")).isEmpty();
        assertThat(platform.storageBytes(acme)).isEqualTo(40_234);
        assertThat(snapshot(bob)).isEqualTo(globexBefore);
        assertThat(get("/api/trash/" + bobs, bob).status()).isEqualTo(200);
        assertThat(platform.files().usage()).isEqualTo(new FileStore.Usage(4 + 14, 40_234 + 69_257));

        assertThat(send("POST", "/api/trash/empty", alice, " { } ").json())
                .isEqualTo(json("{\"items\":0,\"bytes\":0,\"retrying\":0,\"held\":0}"));
    }

    // ---- errors ----

    @Test
    @DisplayName("R24 R9 R14 an expired item is no longer listed: GET 404 not_found, restore 404 expired")
    void expired() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        clock.advance(Duration.ofDays(31));

        assertThat(get("/api/trash", alice).json()).isEqualTo(json("{\"items\":[],\"nextCursor\":null}"));
        assertError(get("/api/trash/" + streets, alice), 404, "not_found", "trash item " + streets);
        Reply restore = send("POST", "/api/trash/" + streets + "/restore", alice, null);
        assertError(restore, 404, "expired", "expired at 2025-03-31T09:00:00Z and can no longer be restored");
        JsonNode storage = get("/api/trash/storage", alice).json();
        assertThat(storage.get("items").asLong()).isZero();
        assertThat(storage.get("purgingItems").asLong()).isEqualTo(1);
        assertThat(storage.get("purgingBytes").asLong()).isEqualTo(3_906);
        assertThat(get("/api/datasets", alice).json().get("items")).isEmpty();
    }

    @Test
    @DisplayName("R24 R14 unknown item ids are 404 not_found for GET, restore and purge")
    void unknownItems() throws Exception {
        seed(acme);
        String unknown = UUID.randomUUID().toString();
        for (Reply reply : List.of(get("/api/trash/" + unknown, alice),
                send("POST", "/api/trash/" + unknown + "/restore", alice, null),
                send("DELETE", "/api/trash/" + unknown, alice, null))) {
            assertError(reply, 404, "not_found", "trash item " + unknown);
        }
        for (String kind : List.of("projects", "models", "datasets")) {
            assertError(send("DELETE", "/api/" + kind + "/999", alice, null), 404, "not_found", " 999 does not exist");
        }
        assertError(send("POST", "/api/projects/999/models", alice,
                "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":10}"), 404, "not_found", "project 999 does not exist");
    }

    @Test
    @DisplayName("R24 R5 deleting a resource already in the Trash (on its own or cascaded) is 409 conflict and changes nothing; so is a taken slug")
    void conflicts() throws Exception {
        Seed seed = seed(acme);
        deleteItem("projects", seed.vision(), alice);
        List<String> before = snapshot(alice);

        assertError(send("DELETE", "/api/projects/" + seed.vision(), alice, null), 409, "conflict",
                "is already in the trash");
        assertError(send("DELETE", "/api/models/" + seed.detector(), alice, null), 409, "conflict",
                "model " + seed.detector() + " is already in the trash");
        assertError(send("POST", "/api/datasets", alice,
                        "{\"name\":\"Again\",\"slug\":\"street-scenes\",\"images\":1,\"imageBytes\":10}"), 409, "conflict",
                "a dataset with slug 'street-scenes' already exists");
        assertError(send("POST", "/api/projects/" + seed.vision() + "/models", alice,
                "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":10}"), 409, "conflict",
                "project " + seed.vision() + " is in the Trash; restore it first");
        assertThat(snapshot(alice)).isEqualTo(before);
    }

    @Test
    @DisplayName("R21 two workspaces cannot see or touch each other's items: list, get, restore, purge, empty, storage")
    void workspacesAreIsolatedInTheTrash() throws Exception {
        Seed a = seed(acme);
        String vision = deleteItem("projects", a.vision(), alice);
        String streets = deleteItem("datasets", a.streets(), alice);
        List<String> acmeBefore = snapshot(alice);
        String unknown = UUID.randomUUID().toString();

        assertThat(get("/api/trash", bob).json().get("items")).isEmpty();
        for (String item : List.of(vision, streets)) {
            assertSameAsMissing(get("/api/trash/" + item, bob), get("/api/trash/" + unknown, bob), item, unknown);
            assertSameAsMissing(send("POST", "/api/trash/" + item + "/restore", bob, null),
                    send("POST", "/api/trash/" + unknown + "/restore", bob, null), item, unknown);
            assertSameAsMissing(send("DELETE", "/api/trash/" + item, bob, null),
                    send("DELETE", "/api/trash/" + unknown, bob, null), item, unknown);
        }
        assertThat(send("POST", "/api/trash/empty", bob, null).json())
                .isEqualTo(json("{\"items\":0,\"bytes\":0,\"retrying\":0,\"held\":0}"));
        assertThat(get("/api/trash/storage", bob).json().get("bytes").asLong()).isZero();

        assertThat(snapshot(alice)).isEqualTo(acmeBefore);
        assertThat(platform.files().usage()).isEqualTo(new FileStore.Usage(14, 69_257));
    }

    @Test
    @DisplayName("R21 two workspaces cannot see or touch each other's resources: list, delete, create inside")
    void workspacesAreIsolatedInResources() throws Exception {
        Seed a = seed(acme);
        List<String> acmeBefore = snapshot(alice);

        for (String kind : List.of("projects", "models", "datasets")) {
            assertThat(get("/api/" + kind, bob).json().get("items")).isEmpty();
        }
        assertSameAsMissing(send("DELETE", "/api/projects/" + a.vision(), bob, null),
                send("DELETE", "/api/projects/999", bob, null), Long.toString(a.vision()), "999");
        assertSameAsMissing(send("DELETE", "/api/models/" + a.detector(), bob, null),
                send("DELETE", "/api/models/999", bob, null), Long.toString(a.detector()), "999");
        assertSameAsMissing(send("DELETE", "/api/datasets/" + a.streets(), bob, null),
                send("DELETE", "/api/datasets/999", bob, null), Long.toString(a.streets()), "999");
        String body = "{\"name\":\"Mole\",\"slug\":\"mole\",\"weightsBytes\":10}";
        assertSameAsMissing(send("POST", "/api/projects/" + a.vision() + "/models", bob, body),
                send("POST", "/api/projects/999/models", bob, body), Long.toString(a.vision()), "999");

        assertThat(snapshot(alice)).isEqualTo(acmeBefore);
        assertThat(platform.storageBytes(globex)).isZero();
    }

    @Test
    @DisplayName("R24 401 for a missing, malformed or unknown key (WWW-Authenticate: Bearer), before routing; nothing changes")
    void unauthorized() throws Exception {
        Seed seed = seed(acme);
        List<String> before = snapshot(alice);
        String path = "/api/projects/" + seed.vision();

        Reply missing = send("DELETE", path, null, null);
        assertError(missing, 401, "unauthorized", "missing Authorization header");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"trash\"");
        for (String header : List.of("Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer ", alice, "Bearer " + alice + " x",
                "Bearer  a b")) {
            Reply malformed = send("DELETE", path, null, null, "Authorization", header);
            assertError(malformed, 401, "unauthorized", "malformed Authorization header");
            assertThat(malformed.headers().firstValue("WWW-Authenticate"))
                    .contains("Bearer realm=\"trash\", error=\"invalid_token\"");
        }
        Reply twice = send("DELETE", path, null, null, "Authorization", "Bearer " + alice, "Authorization",
                "Bearer " + alice);
        assertError(twice, 401, "unauthorized", "malformed Authorization header");
        for (String key : List.of("trk_0000", alice + "0", bob.substring(0, bob.length() - 1))) {
            Reply unknown = send("DELETE", path, key, null);
            assertError(unknown, 401, "unauthorized", "unknown API key");
            assertThat(unknown.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        assertError(get("/api/no-such-thing", null), 401, "unauthorized", "missing Authorization header");
        assertError(get("/api/trash", "trk_0000"), 401, "unauthorized", "unknown API key");

        assertThat(snapshot(alice)).isEqualTo(before);
        Reply lowerCaseScheme = send("GET", "/api/projects", null, null, "Authorization", "bearer " + alice);
        assertThat(lowerCaseScheme.status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R23 R24 400 for malformed item and resource ids; nothing changes")
    void malformedIds() throws Exception {
        Seed seed = seed(acme);
        deleteItem("datasets", seed.streets(), alice);
        List<String> before = snapshot(alice);

        for (String id : List.of("not-a-uuid", "123", "123e4567-e89b-12d3-a456-42661417400Z",
                "123e4567e89b12d3a456426614174000abcd")) {
            String message = "trash item id must be a UUID";
            assertError(get("/api/trash/" + id, alice), 400, "invalid_argument", message);
            assertError(send("POST", "/api/trash/" + id + "/restore", alice, null), 400, "invalid_argument", message);
            assertError(send("DELETE", "/api/trash/" + id, alice, null), 400, "invalid_argument", message);
        }
        for (String id : List.of("0", "-1", "abc", "1.5", "01", "9223372036854775808", "99999999999999999999")) {
            for (String kind : List.of("projects", "models", "datasets")) {
                assertError(send("DELETE", "/api/" + kind + "/" + id, alice, null), 400, "invalid_argument",
                        " id must be a positive integer");
            }
            assertError(send("POST", "/api/projects/" + id + "/models", alice,
                    "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":10}"), 400, "invalid_argument",
                    "project id must be a positive integer");
        }
        assertThat(snapshot(alice)).isEqualTo(before);
    }

    @Test
    @DisplayName("R23 R24 R41 400 for bad list parameters: type, limit, order, cursor (also one of another listing or workspace), unknown or repeated parameters")
    void badListParameters() throws Exception {
        Seed seed = seed(acme);
        deleteItem("datasets", seed.streets(), alice);
        clock.advance(Duration.ofMinutes(1));
        deleteItem("models", seed.detector(), alice);
        String cursor = get("/api/trash?limit=1", alice).json().get("nextCursor").asText();
        List<String> before = snapshot(alice);

        assertError(get("/api/trash?type=image", alice), 400, "invalid_argument",
                "type must be one of project, model, dataset, got 'image'");
        assertError(get("/api/trash?type=", alice), 400, "invalid_argument", "type must be one of");
        assertError(get("/api/trash?type=Project", alice), 400, "invalid_argument", "got 'Project'");
        for (String limit : List.of("0", "1001", "-1")) {
            assertError(get("/api/trash?limit=" + limit, alice), 400, "invalid_argument",
                    "limit must be between 1 and 1000");
        }
        for (String limit : List.of("abc", "1.5", "", "99999999999", "2147483648")) {
            assertError(get("/api/trash?limit=" + limit, alice), 400, "invalid_argument",
                    "limit must be an integer from 1 to 1000, got '" + limit + "'");
        }
        assertError(get("/api/trash?order=asc", alice), 400, "invalid_argument", "order must be one of newest, oldest,");
        assertError(get("/api/trash?cursor=garbage", alice), 400, "invalid_argument", "cursor");
        assertError(get("/api/trash?cursor=" + enc(cursor.substring(0, cursor.length() / 2)), alice), 400,
                "invalid_argument", "cursor");
        assertError(get("/api/trash?cursor=", alice), 400, "invalid_argument", "cursor must not be blank");
        // A cursor is bound to its listing (R41): another order, another filter, another workspace.
        assertError(get("/api/trash?order=oldest&cursor=" + enc(cursor), alice), 400, "invalid_argument",
                "was not made for this listing");
        assertError(get("/api/trash?type=model&cursor=" + enc(cursor), alice), 400, "invalid_argument",
                "was not made for this listing");
        assertError(get("/api/trash?cursor=" + enc(cursor), bob), 400, "invalid_argument",
                "was not made for this listing");
        assertError(get("/api/trash?page=2", alice), 400, "invalid_argument",
                "unknown query parameter 'page'; allowed: cursor, deletedBefore, deletedBy, deletedFrom, expiringWithin, limit,"
                        + " order, q, type");
        assertError(get("/api/trash?limit=1&limit=2", alice), 400, "invalid_argument",
                "query parameter 'limit' is given twice");
        assertError(get("/api/trash/storage?type=model", alice), 400, "invalid_argument",
                "unknown query parameter 'type'; this endpoint takes none");

        assertThat(pages("/api/trash?limit=1&cursor=" + enc(cursor), alice)).hasSize(1);
        assertThat(snapshot(alice)).isEqualTo(before);
    }

    @Test
    @DisplayName("R23 R24 400 for bad bodies (malformed, not an object, unknown, missing or mistyped fields, bodies where none belong); nothing changes")
    void badBodies() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        List<String> before = snapshot(alice);
        String models = "/api/projects/" + seed.vision() + "/models";

        assertBadBody("POST", "/api/projects", "", "request body is empty; send a JSON object with the fields name, slug");
        assertBadBody("POST", "/api/projects", "   ", "request body is empty");
        assertBadBody("POST", "/api/projects", "{", "request body is not valid JSON");
        assertBadBody("POST", "/api/projects", "{\"name\":\"A\",\"slug\":\"a\"", "request body is not valid JSON");
        assertBadBody("POST", "/api/projects", "name=A&slug=a", "request body is not valid JSON");
        assertBadBody("POST", "/api/projects", "{\"name\":\"A\",\"slug\":\"a\"} {}", "request body is not valid JSON");
        assertBadBody("POST", "/api/projects", "{\"name\":\"A\",\"name\":\"B\",\"slug\":\"a\"}",
                "Duplicate field 'name'");
        assertBadBody("POST", "/api/projects", "[]", "request body must be a JSON object, got array");
        assertBadBody("POST", "/api/projects", "\"Vision\"", "request body must be a JSON object, got string");
        assertBadBody("POST", "/api/projects", "null", "request body must be a JSON object, got null");
        assertBadBody("POST", "/api/projects", "{\"name\":\"A\",\"slug\":\"a\",\"owner\":\"x\"}",
                "unknown field 'owner'; the fields are name, slug");
        assertBadBody("POST", "/api/projects", "{\"name\":\"A\"}", "missing field 'slug'");
        assertBadBody("POST", "/api/projects", "{\"name\":1,\"slug\":\"a\"}", "field 'name' must be a string, got number");
        assertBadBody("POST", "/api/projects", "{\"name\":null,\"slug\":\"a\"}", "field 'name' must be a string, got null");
        assertBadBody("POST", "/api/projects", "{\"name\":\"A\",\"slug\":[\"a\"]}", "field 'slug' must be a string, got array");
        assertBadBody("POST", "/api/projects", "{\"name\":\"A\",\"slug\":\"Not A Slug\"}", "slug must be 1 to 100 characters");
        assertBadBody("POST", "/api/projects", "{\"name\":\" \",\"slug\":\"a\"}", "name must be 1 to 255 characters");
        assertBadBody("POST", models, "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":\"10\"}",
                "field 'weightsBytes' must be an integer, got string");
        assertBadBody("POST", models, "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":1.5}",
                "field 'weightsBytes' must be an integer, got number");
        assertBadBody("POST", models, "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":true}",
                "field 'weightsBytes' must be an integer, got boolean");
        assertBadBody("POST", models, "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":99999999999999999999}",
                "field 'weightsBytes' must be an integer, got an integer out of range");
        assertBadBody("POST", models, "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":0}",
                "weightsBytes must be 1 to 268435456, got 0");
        assertBadBody("POST", models, "{\"name\":\"M\",\"slug\":\"m\"}", "missing field 'weightsBytes'");
        assertBadBody("POST", "/api/datasets", "{\"name\":\"D\",\"slug\":\"d\",\"images\":3000000000,\"imageBytes\":1}",
                "field 'images' must be an integer, got an integer out of range");
        assertBadBody("POST", "/api/datasets", "{\"name\":\"D\",\"slug\":\"d\",\"images\":-1,\"imageBytes\":1}",
                "images must be 0 to 10000, got -1");
        assertBadBody("POST", "/api/datasets", "{\"name\":\"D\",\"slug\":\"d\",\"images\":1}", "missing field 'imageBytes'");

        String noBody = "this request takes no body (send none, or {})";
        assertBadBody("POST", "/api/trash/empty", "{\"all\":true}", noBody + ", got an object with fields");
        assertBadBody("POST", "/api/trash/empty", "[]", noBody + ", got array");
        assertBadBody("POST", "/api/trash/empty", "{}{}", "request body is not valid JSON");
        assertBadBody("POST", "/api/trash/" + streets + "/restore", "null", "request body must be a JSON object, got null");
        assertBadBody("DELETE", "/api/trash/" + streets, "{\"force\":true}", noBody);
        assertBadBody("DELETE", "/api/projects/" + seed.vision(), "x", "request body is not valid JSON");
        assertBadBody("DELETE", "/api/models/" + seed.detector(), "0", noBody + ", got number");
        assertBadBody("GET", "/api/trash", "{\"limit\":1}", noBody);

        assertThat(snapshot(alice)).isEqualTo(before);
    }

    @Test
    @DisplayName("R24 bodies are capped at 64 KiB: one byte more (or 500 KB more) is 413 payload_too_large, exactly 64 KiB is accepted")
    void bodyCap() throws Exception {
        String json = "{\"name\":\"Big\",\"slug\":\"big\"}";
        String atCap = json + " ".repeat(ApiServer.MAX_BODY_BYTES - json.length());
        List<String> before = snapshot(alice);

        assertError(send("POST", "/api/projects", alice, atCap + " "), 413, "payload_too_large",
                "request body is larger than 65536 bytes");
        assertError(send("POST", "/api/projects", alice, atCap + " ".repeat(500_000)), 413, "payload_too_large",
                "request body is larger than 65536 bytes");
        assertThat(snapshot(alice)).isEqualTo(before);
        assertThat(send("POST", "/api/projects", alice, atCap).status()).isEqualTo(201);
        assertThat(get("/api/projects", alice).json().get("items").get(0).get("slug").asText()).isEqualTo("big");
    }

    @Test
    @DisplayName("R24 404 not_found for unknown paths; 405 method_not_allowed with an Allow header for known paths")
    void unknownPathsAndMethods() throws Exception {
        assertError(get("/api/nothing", alice), 404, "not_found", "no such endpoint: GET /api/nothing");
        assertError(get("/api/trash/", alice), 404, "not_found", "no such endpoint");
        assertError(get("/api//trash", alice), 404, "not_found", "no such endpoint");
        assertError(get("/api/trash/" + UUID.randomUUID() + "/restore/now", alice), 404, "not_found", "no such endpoint");
        assertError(get("/", null), 404, "not_found", "no such endpoint: GET /");
        assertError(get("/index.html", null), 404, "not_found", "no such endpoint");

        String item = UUID.randomUUID().toString();
        assertMethodNotAllowed("PUT", "/api/trash", "GET");
        assertMethodNotAllowed("POST", "/api/trash/storage", "GET");
        assertMethodNotAllowed("GET", "/api/trash/empty", "POST");
        assertMethodNotAllowed("DELETE", "/api/trash/empty", "POST");
        assertMethodNotAllowed("POST", "/api/trash/" + item, "GET, DELETE");
        assertMethodNotAllowed("GET", "/api/trash/" + item + "/restore", "POST");
        assertMethodNotAllowed("DELETE", "/api/projects", "GET, POST");
        assertMethodNotAllowed("GET", "/api/projects/1", "DELETE");
        assertMethodNotAllowed("POST", "/api/models", "GET");
        assertMethodNotAllowed("GET", "/api/projects/1/models", "POST");
        assertMethodNotAllowed("PATCH", "/api/datasets/1", "DELETE");
    }

    @Test
    @DisplayName("R24 an unexpected failure is 500 internal with a generic message, no stack trace")
    void internalError() throws Exception {
        platform.close(); // every request now fails inside the platform

        Reply reply;
        try (CapturedLog log = CapturedLog.of(ApiServer.class)) {
            reply = get("/api/trash", alice);

            // Logged with its cause for the operator (captured here, not printed).
            assertThat(log.lines()).containsExactly("SEVERE: request GET /api/trash failed");
            assertThat(log.records().get(0).getThrown()).isNotNull();
        }
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.json()).isEqualTo(json("""
                {"status":500,"error":"internal","message":"the server failed to handle the request; it has been logged"}"""));
    }

    @Test
    @DisplayName("R24 a failure of the database under the library is 503 unavailable with a generic message, no SQL; the API recovers with the database")
    void databaseUnavailable() throws Exception {
        Seed seed = seed(acme);
        String item = deleteItem("datasets", seed.streets(), alice);
        // The library's table goes away (a failed migration, a restore of the wrong backup); the
        // platform's own tables, and so the API keys, stay.
        platform.jdbi().useHandle(h -> h.execute("ALTER TABLE trash_item RENAME TO trash_item_away"));

        List<Reply> replies;
        try (CapturedLog log = CapturedLog.of(ApiServer.class)) {
            replies = List.of(get("/api/trash", alice), get("/api/trash/" + item, alice),
                    send("POST", "/api/trash/" + item + "/restore", alice, null),
                    send("DELETE", "/api/models/" + seed.detector(), alice, null));
            // Each failure is logged for the operator (captured here, not printed).
            assertThat(log.lines()).hasSize(4).allMatch(line -> line.startsWith("WARNING: request ")
                    && line.endsWith(" failed: the database is unavailable"));
        }
        for (Reply reply : replies) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.json()).isEqualTo(json("""
                    {"status":503,"error":"unavailable","message":"the database is unavailable; try again later"}"""));
            assertThat(reply.headers().firstValue("Retry-After")).isEmpty();
        }

        platform.jdbi().useHandle(h -> h.execute("ALTER TABLE trash_item_away RENAME TO trash_item"));
        assertThat(get("/api/trash", alice).json().get("items")).hasSize(1);
        assertThat(send("POST", "/api/trash/" + item + "/restore", alice, null).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R22 R24 a restore that loses a race for the item's row (the library's RetryableException) is 409 conflict, without Retry-After; retried, it works")
    void lostRaceIsConflict() throws Exception {
        Seed seed = seed(acme);
        String item = deleteItem("models", seed.detector(), alice);
        // New sessions give up waiting for a row lock after 300 ms (the defaults wait far longer).
        if (platform.database() == Database.MARIADB) { // whole seconds, per session: given in the JDBC URL
            jdbcUrl = jdbcUrl.map(url -> url + "&sessionVariables=innodb_lock_wait_timeout=1");
        }
        platform.jdbi().useHandle(h -> {
            if (platform.database() == Database.H2) {
                h.execute("SET DEFAULT_LOCK_TIMEOUT 300");
            } else if (platform.database() == Database.POSTGRESQL) {
                String name = h.createQuery("SELECT current_database()").mapTo(String.class).one();
                h.execute("ALTER DATABASE " + name + " SET lock_timeout = '300ms'");
            }
        });
        reopen();

        try (Handle holder = platform.jdbi().open()) {
            // Another transaction (say, a sweeper of another instance) holds the item's row.
            holder.begin();
            holder.createQuery("SELECT id FROM trash_item WHERE id = :id FOR UPDATE")
                    .bind("id", platform.database() == Database.MARIADB ? item : UUID.fromString(item)) // CHAR(36) there
                    .mapTo(String.class).one();

            Reply lost = send("POST", "/api/trash/" + item + "/restore", alice, null);

            assertError(lost, 409, "conflict", "try again");
            assertThat(lost.headers().firstValue("Retry-After")).isEmpty();
            holder.rollback();
        }
        assertThat(get("/api/trash/" + item, alice).status()).isEqualTo(200);
        assertThat(send("POST", "/api/trash/" + item + "/restore", alice, null).status()).isEqualTo(200);
        assertThat(platform.list(acme, PlatformSchema.MODEL)).extracting(Platform.Resource::name)
                .containsExactly("Detector", "Segmenter");
    }

    @Test
    @DisplayName("R24 close stops the server promptly and idempotently, and leaves the platform open")
    void closes() throws Exception {
        Seed seed = seed(acme);
        assertThat(get("/api/projects", alice).status()).isEqualTo(200);
        var address = server.baseUri();

        long started = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        server.close();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(address.resolve("/api/projects"))
                .header("Authorization", "Bearer " + alice).timeout(Duration.ofSeconds(5)).build(), BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(platform.list(acme, PlatformSchema.PROJECT)).extracting(Platform.Resource::id).containsExactly(seed.vision());
    }

    @Test
    @DisplayName("R11 R24 a project with a 100-character slug comes back renamed when its slug was taken")
    void longSlugIsRenamedOnRestore() throws Exception {
        String slug = "a".repeat(100);
        long old = send("POST", "/api/projects", alice, "{\"name\":\"Long\",\"slug\":\"" + slug + "\"}").json()
                .get("id").asLong();
        String item = deleteItem("projects", old, alice);
        assertThat(send("POST", "/api/projects", alice, "{\"name\":\"Long 2\",\"slug\":\"" + slug + "\"}").status())
                .isEqualTo(201);

        Reply restored = send("POST", "/api/trash/" + item + "/restore", alice, null);
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().get("slug").asText()).isEqualTo(slug + "-2");
        assertThat(restored.json().get("renamed").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("R23 R24 names with control characters, oversized uploads and malformed chunked bodies get 400; nothing changes")
    void badUploads() throws Exception {
        Seed seed = seed(acme);
        List<String> before = snapshot(alice);
        assertBadBody("POST", "/api/projects", "{\"name\":\"a\\u0000b\",\"slug\":\"nul\"}",
                "name must not contain control characters");
        assertBadBody("POST", "/api/projects/" + seed.vision() + "/models",
                "{\"name\":\"line\\nbreak\",\"slug\":\"m\",\"weightsBytes\":10}", "name must not contain control characters");
        assertBadBody("POST", "/api/datasets", "{\"name\":\"Huge\",\"slug\":\"huge\",\"images\":10000,\"imageBytes\":16777216}",
                "images x imageBytes must be at most 268435456 bytes (256.0 MB), got 10000 x 16777216");

        // a chunk size that is not hexadecimal: the JDK server cannot read the body
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/projects HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"error\":\"invalid_argument\"",
                    "could not read the request body");
        }
        assertThat(snapshot(alice)).isEqualTo(before);
    }

    @Test
    @DisplayName("R20 R24 an upload over the workspace's quota is a 409; items in the Trash count until purged, and a purge frees room")
    void quotaCountsTheTrash() throws Exception {
        long almostAll = Platform.QUOTA_BYTES - 10_000_000;
        platform.jdbi().useHandle(h -> h.execute("UPDATE workspaces SET storage_bytes = ? WHERE id = 'acme'", almostAll));
        long vision = platform.createProject(acme, "Vision", "vision").id();
        String body = "{\"name\":\"Big\",\"slug\":\"big\",\"images\":40,\"imageBytes\":200000}";
        long streets = send("POST", "/api/datasets", alice, body).json().get("id").asLong();
        String item = deleteItem("datasets", streets, alice);
        List<String> before = snapshot(alice);

        assertError(send("POST", "/api/datasets", alice, body.replace("big", "big-2")), 409, "conflict",
                "workspace acme would exceed its storage quota of 1.0 GB (items in the Trash count until they are purged)");
        assertError(send("POST", "/api/projects/" + vision + "/models", alice,
                "{\"name\":\"M\",\"slug\":\"m\",\"weightsBytes\":2000000}"), 409, "conflict", "storage quota");
        assertThat(snapshot(alice)).isEqualTo(before);
        assertThat(platform.list(acme, PlatformSchema.MODEL)).isEmpty();

        assertThat(send("DELETE", "/api/trash/" + item, alice, null).status()).isEqualTo(200);
        assertThat(send("POST", "/api/datasets", alice, body.replace("big", "big-2")).status()).isEqualTo(201);
    }

    // ---- holds, restore previews, restore elsewhere, bulk, plans (R32 to R36, R40) ----

    @Test
    @DisplayName("R32 R40 POST /api/trash/{id}/hold holds an item: listed as held, never purged (409 held, kept by Empty Trash, "
            + "skipped by the sweeper past its expiry, shown as 'held'); DELETE /api/trash/{id}/hold lifts it and an expired item is then due")
    void holds() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        String detector = deleteItem("models", seed.detector(), alice);
        clock.advance(Duration.ofHours(1));

        Reply held = send("POST", "/api/trash/" + streets + "/hold", alice, "{\"reason\":\"litigation 2025-17\"}");

        assertThat(held.status()).as(held.body()).isEqualTo(200);
        assertThat(held.json()).isEqualTo(json("""
                {"id":"%s","type":"dataset","resourceId":%d,"name":"Street scenes","badge":"+6","cascadedCount":6,
                 "slug":"street-scenes","parent":null,"deletedAt":"2025-03-01T09:00:00Z","deletedBy":"alice",
                 "expiresAt":"2025-03-31T09:00:00Z","expiresIn":"30d","expiresInDays":30,"sizeBytes":3906,"size":"3.8 KB",
                 "held":true,"hold":{"reason":"litigation 2025-17","by":"alice","at":"2025-03-01T10:00:00Z"}}"""
                .formatted(streets, seed.streets())));
        assertThat(get("/api/trash/" + streets, alice).json()).isEqualTo(held.json());
        assertThat(get("/api/trash?type=dataset", alice).json().get("items").get(0)).isEqualTo(held.json());
        assertThat(get("/api/trash/" + detector, alice).json().get("held").asBoolean()).isFalse();

        String refusal = "trash item " + streets + " (dataset " + seed.streets() + " 'Street scenes') is held since "
                + "2025-03-01T10:00:00Z by alice (litigation 2025-17) and cannot be purged; release the hold first";
        assertThat(send("DELETE", "/api/trash/" + streets, alice, null).json()).isEqualTo(json("""
                {"status":409,"error":"held","message":"%s"}""".formatted(refusal)));
        assertThat(send("POST", "/api/trash/empty", alice, null).json())
                .isEqualTo(json("{\"items\":1,\"bytes\":25117,\"retrying\":0,\"held\":1}"));
        assertThat(get("/api/trash", alice).json().get("items")).extracting(i -> i.get("id").asText())
                .containsExactly(streets);

        clock.advance(Duration.ofDays(40)); // far past its expiry: held, it stays listed and restorable
        JsonNode late = get("/api/trash/" + streets, alice).json();
        assertThat(late.get("expiresIn").asText()).isEqualTo("held");
        assertThat(late.get("expiresInDays").asLong()).isZero();
        assertThat(platform.trash().sweeper(SweeperOptions.defaults()).sweepOnce().items()).isZero();
        assertThat(storedFiles(acme)).isEqualTo(new FileStore.Usage(10, 69_257 - 25_117));
        String unknown = UUID.randomUUID().toString();
        assertSameAsMissing(send("DELETE", "/api/trash/" + streets + "/hold", bob, null),
                send("DELETE", "/api/trash/" + unknown + "/hold", bob, null), streets, unknown);

        Reply released = send("DELETE", "/api/trash/" + streets + "/hold", alice, null);

        assertThat(released.status()).as(released.body()).isEqualTo(200);
        JsonNode item = released.json();
        assertThat(item.get("held").asBoolean()).isFalse();
        assertThat(item.get("hold").isNull()).isTrue();
        assertThat(item.get("expiresIn").asText()).isEqualTo("0d"); // due at once, so no longer listed:
        assertError(get("/api/trash/" + streets, alice), 404, "not_found", "trash item " + streets);
        assertThat(get("/api/trash/storage", alice).json().get("purgingItems").asLong()).isEqualTo(1);
        assertThat(platform.trash().sweeper(SweeperOptions.defaults()).sweepOnce().items()).isEqualTo(1);
        assertThat(storedFiles(acme)).isEqualTo(new FileStore.Usage(4, 40_234));
    }

    @Test
    @DisplayName("R32 a held item is restored like any other; a purge of an item with a held item nested inside is 409 held and "
            + "deletes nothing, until the hold is lifted (R18)")
    void heldItemsRestoreAndStopTheirParentsPurge() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        hold(streets, "audit");
        assertThat(send("POST", "/api/trash/" + streets + "/restore", alice, null).json().get("restoredCount").asLong())
                .isEqualTo(7);
        assertThat(ids(get("/api/datasets", alice).json())).containsExactly(seed.streets());

        String detector = deleteItem("models", seed.detector(), alice);
        hold(detector, "model card review");
        String vision = deleteItem("projects", seed.vision(), alice);
        List<String> before = snapshot(alice);

        Reply refused = send("DELETE", "/api/trash/" + vision, alice, null);

        assertError(refused, 409, "held", "trash item " + detector + " (model " + seed.detector() + " 'Detector') is "
                + "nested in trash item " + vision + " (project " + seed.vision() + "), and is held since");
        assertThat(refused.json().get("message").asText()).endsWith("(model card review) and cannot be purged; "
                + "release the hold first");
        assertThat(snapshot(alice)).isEqualTo(before);

        assertThat(send("DELETE", "/api/trash/" + detector + "/hold", alice, null).status()).isEqualTo(200);
        assertThat(send("DELETE", "/api/trash/" + vision, alice, null).json())
                .isEqualTo(json("{\"items\":2,\"bytes\":65351,\"retrying\":0}"));
        assertThat(storedFiles(acme)).isEqualTo(new FileStore.Usage(6, 3_906));
    }

    @Test
    @DisplayName("R32 R9 an item past its expiry that the sweeper has not purged yet can no longer be held (404 expired); "
            + "the sweeper purges it")
    void expiredItemCannotBeHeld() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        clock.advance(Duration.ofDays(31));
        assertError(get("/api/trash/" + streets, alice), 404, "not_found", "trash item " + streets);

        assertError(send("POST", "/api/trash/" + streets + "/hold", alice, "{\"reason\":\"found in time\"}"), 404,
                "expired", "can no longer be held");

        assertThat(get("/api/trash", alice).json().get("items")).isEmpty();
        assertThat(platform.trash().sweeper(SweeperOptions.defaults()).sweepOnce().items()).isEqualTo(1);
        assertThat(ids(get("/api/datasets", alice).json())).doesNotContain(seed.streets());
    }

    @Test
    @DisplayName("R32 R23 R21 hold and release errors: 400 bad ids and reasons, 404 unknown and other-workspace items, "
            + "409 already held or not held, 405; nothing changes")
    void holdErrors() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        String detector = deleteItem("models", seed.detector(), alice);
        hold(streets, "first");
        List<String> before = snapshot(alice);
        String path = "/api/trash/" + detector + "/hold";

        assertError(send("POST", "/api/trash/not-a-uuid/hold", alice, "{\"reason\":\"r\"}"), 400, "invalid_argument",
                "trash item id must be a UUID");
        assertError(send("DELETE", "/api/trash/123/hold", alice, null), 400, "invalid_argument",
                "trash item id must be a UUID");
        assertBadBody("POST", path, "", "request body is empty; send a JSON object with the fields reason");
        assertBadBody("POST", path, "{}", "missing field 'reason'");
        assertBadBody("POST", path, "{\"reason\":5}", "field 'reason' must be a string, got number");
        assertBadBody("POST", path, "{\"reason\":\"r\",\"until\":\"2026-01-01\"}", "unknown field 'until'; the fields are reason");
        assertBadBody("POST", path, "{\"reason\":\"  \"}", "hold reason must not be blank");
        assertBadBody("POST", path, "{\"reason\":\"" + "x".repeat(256) + "\"}", "hold reason must be at most 255 characters, was 256");
        assertBadBody("POST", path, "{\"reason\":\"a\\nb\"}", "hold reason must not contain control characters");
        assertBadBody("DELETE", "/api/trash/" + streets + "/hold", "{\"force\":true}", "this request takes no body");

        String unknown = UUID.randomUUID().toString();
        assertError(send("POST", "/api/trash/" + unknown + "/hold", alice, "{\"reason\":\"r\"}"), 404, "not_found",
                "trash item " + unknown);
        assertError(send("DELETE", "/api/trash/" + unknown + "/hold", alice, null), 404, "not_found", "trash item " + unknown);
        assertSameAsMissing(send("POST", path, bob, "{\"reason\":\"r\"}"),
                send("POST", "/api/trash/" + unknown + "/hold", bob, "{\"reason\":\"r\"}"), detector, unknown);

        assertError(send("POST", "/api/trash/" + streets + "/hold", alice, "{\"reason\":\"second\"}"), 409, "conflict",
                "trash item " + streets + " is already held since 2025-03-01T09:00:00Z by alice (first); "
                        + "release that hold first to place another");
        assertError(send("DELETE", path, alice, null), 409, "conflict",
                "trash item " + detector + " is not held; there is no hold to release");
        assertMethodNotAllowed("GET", path, "POST, DELETE");
        assertMethodNotAllowed("PUT", path, "POST, DELETE");

        assertThat(snapshot(alice)).isEqualTo(before);
    }

    @Test
    @DisplayName("R33 R12 R11 GET /api/trash/{id}/restore-preview says what a restore would do (slug, renamed, count and bytes "
            + "per type) or the refusal it would meet, also ?into= another project, and changes nothing")
    void restorePreview() throws Exception {
        Seed seed = seed(acme);
        long speech = platform.createProject(acme, "Speech", "speech").id();
        String detector = deleteItem("models", seed.detector(), alice);
        String vision = deleteItem("projects", seed.vision(), alice);
        platform.createProject(acme, "Vision (new)", "vision");
        List<String> before = snapshot(alice);

        Reply project = get("/api/trash/" + vision + "/restore-preview", alice);

        assertThat(project.status()).as(project.body()).isEqualTo(200);
        assertThat(project.json()).isEqualTo(json("""
                {"item":"%s","root":{"type":"project","id":%d},"parent":null,"originalSlug":"vision","slug":"vision-2",
                 "renamed":true,"count":6,"bytes":40234,"size":"39.3 KB",
                 "byType":{"project":{"count":1,"bytes":0},"model":{"count":1,"bytes":0},
                           "weights":{"count":1,"bytes":20000},"training_run":{"count":2,"bytes":10233},
                           "export":{"count":1,"bytes":10001}},
                 "possible":true,"refusal":null}""".formatted(vision, seed.vision())));

        assertThat(get("/api/trash/" + detector + "/restore-preview", alice).json()).isEqualTo(json("""
                {"item":"%s","root":{"type":"model","id":%d},"parent":{"type":"project","id":%d},
                 "originalSlug":"detector","slug":"detector","renamed":false,"count":5,"bytes":25117,"size":"24.5 KB",
                 "byType":{"model":{"count":1,"bytes":0},"weights":{"count":1,"bytes":10000},
                           "training_run":{"count":2,"bytes":10116},"export":{"count":1,"bytes":5001}},
                 "possible":false,"refusal":{"reason":"parent_in_trash","message":"%s"}}"""
                .formatted(detector, seed.detector(), seed.vision(), R12_MESSAGE)));

        JsonNode into = get("/api/trash/" + detector + "/restore-preview?into=" + speech, alice).json();
        assertThat(into.get("parent")).isEqualTo(json("{\"type\":\"project\",\"id\":" + speech + "}"));
        assertThat(into.get("possible").asBoolean()).isTrue();
        assertThat(into.get("refusal").isNull()).isTrue();
        assertThat(into.get("slug").asText()).isEqualTo("detector");

        JsonNode missing = get("/api/trash/" + detector + "/restore-preview?into=999", alice).json();
        assertThat(missing.get("possible").asBoolean()).isFalse();
        assertThat(missing.get("refusal")).isEqualTo(json("""
                {"reason":"parent_missing","message":"cannot restore model %d into project 999: it does not exist in workspace acme"}"""
                .formatted(seed.detector())));
        long bobs = platform.createProject(globex, "Bob's", "bobs").id();
        assertThat(get("/api/trash/" + detector + "/restore-preview?into=" + bobs, alice).json().get("refusal")
                .get("message").asText().replace(" " + bobs + ":", " 999:")).isEqualTo(missing.get("refusal").get("message").asText());
        assertThat(snapshot(alice)).isEqualTo(before);

        platform.createModel(acme, speech, "Detector (speech)", "detector", 10);
        assertThat(get("/api/trash/" + detector + "/restore-preview?into=" + speech, alice).json().get("slug").asText())
                .isEqualTo("detector-2");

        clock.advance(Duration.ofDays(31));
        assertThat(get("/api/trash/" + detector + "/restore-preview", alice).json().get("refusal")).isEqualTo(json("""
                {"reason":"expired","message":"trash item %s (model %d 'Detector') expired at 2025-03-31T09:00:00Z and can no longer be restored"}"""
                .formatted(detector, seed.detector())));
    }

    @Test
    @DisplayName("R33 R23 R21 restore-preview errors: 400 bad ids, into and parameters, into for a project; 404 unknown and "
            + "other-workspace items; 405")
    void restorePreviewErrors() throws Exception {
        Seed seed = seed(acme);
        String vision = deleteItem("projects", seed.vision(), alice);
        String path = "/api/trash/" + vision + "/restore-preview";

        assertError(get("/api/trash/not-a-uuid/restore-preview", alice), 400, "invalid_argument", "trash item id must be a UUID");
        for (String into : List.of("abc", "0", "-1", "1.5", "", "01")) {
            assertError(get(path + "?into=" + into, alice), 400, "invalid_argument",
                    "into must be a project id (a positive integer), got '" + into + "'");
        }
        assertError(get(path + "?into=99999999999999999999", alice), 400, "invalid_argument", "into must be a project id");
        assertError(get(path + "?into=1&into=2", alice), 400, "invalid_argument", "query parameter 'into' is given twice");
        assertError(get(path + "?parent=1", alice), 400, "invalid_argument", "unknown query parameter 'parent'; allowed: into");
        assertError(get(path + "?into=" + seed.vision(), alice), 400, "invalid_argument",
                "a project has no parent type, so trash item " + vision + " cannot be restored into project " + seed.vision());
        assertBadBody("GET", path, "{\"into\":1}", "this request takes no body");

        String unknown = UUID.randomUUID().toString();
        assertError(get("/api/trash/" + unknown + "/restore-preview", alice), 404, "not_found", "trash item " + unknown);
        assertSameAsMissing(get(path, bob), get("/api/trash/" + unknown + "/restore-preview", bob), vision, unknown);
        assertMethodNotAllowed("POST", path, "GET");

        assertThat(send("DELETE", "/api/trash/" + vision, alice, null).status()).isEqualTo(200);
        assertError(get(path, alice), 404, "not_found", "trash item " + vision);
    }

    @Test
    @DisplayName("R34 R11 POST /api/trash/{id}/restore with {\"into\": project} restores a model into another active project, "
            + "with its files, on a new slug if the new project has its slug")
    void restoresIntoAnotherProject() throws Exception {
        Seed seed = seed(acme);
        long speech = platform.createProject(acme, "Speech", "speech").id();
        String detector = deleteItem("models", seed.detector(), alice);
        String vision = deleteItem("projects", seed.vision(), alice);

        Reply restored = send("POST", "/api/trash/" + detector + "/restore", alice, "{\"into\":" + speech + "}");

        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json()).isEqualTo(json("""
                {"item":"%s","type":"model","id":%d,"restoredCount":5,"slug":"detector","originalSlug":"detector",
                 "renamed":false,"parent":{"type":"project","id":%d}}""".formatted(detector, seed.detector(), speech)));
        assertThat(get("/api/models", alice).json()).isEqualTo(json("""
                {"items":[{"type":"model","id":%d,"name":"Detector","slug":"detector","parentId":%d}]}"""
                .formatted(seed.detector(), speech)));
        assertThat(platform.storageBytes(acme)).isEqualTo(69_257);

        assertThat(send("POST", "/api/trash/" + vision + "/restore", alice, "{}").json().get("restoredCount").asLong())
                .isEqualTo(6);
        String segmenter = deleteItem("models", seed.segmenter(), alice);
        platform.createModel(acme, speech, "Segmenter (speech)", "segmenter", 10);
        JsonNode renamed = send("POST", "/api/trash/" + segmenter + "/restore", alice, "{\"into\":" + speech + "}").json();
        assertThat(renamed.get("slug").asText()).isEqualTo("segmenter-2");
        assertThat(renamed.get("renamed").asBoolean()).isTrue();
        assertThat(renamed.get("parent").get("id").asLong()).isEqualTo(speech);
        assertThat(platform.list(acme, PlatformSchema.MODEL)).extracting(r -> r.slug() + " in " + r.parentId().orElseThrow())
                .containsExactlyInAnyOrder("detector in " + speech, "segmenter-2 in " + speech, "segmenter in " + speech);
    }

    @Test
    @DisplayName("R34 R12 R21 R23 restore-into errors: 404 unknown or other-workspace project, 409 parent_in_trash for a "
            + "project in the Trash, 400 for a project item, bad into values and fields, 404 expired; nothing changes")
    void restoreIntoErrors() throws Exception {
        Seed seed = seed(acme);
        long speech = platform.createProject(acme, "Speech", "speech").id();
        long bobs = platform.createProject(globex, "Bob's", "bobs").id();
        String detector = deleteItem("models", seed.detector(), alice);
        String vision = deleteItem("projects", seed.vision(), alice);
        List<String> before = snapshot(alice);
        String path = "/api/trash/" + detector + "/restore";

        Reply missing = send("POST", path, alice, "{\"into\":999}");
        assertError(missing, 404, "not_found", "cannot restore model " + seed.detector()
                + " into project 999: it does not exist in workspace acme");
        Reply other = send("POST", path, alice, "{\"into\":" + bobs + "}");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body().replace(" " + bobs + ":", " 999:")).isEqualTo(missing.body());
        assertThat(send("POST", path, alice, "{\"into\":" + seed.vision() + "}").json()).isEqualTo(json("""
                {"status":409,"error":"parent_in_trash","message":"%s"}""".formatted(R12_MESSAGE)));
        assertError(send("POST", "/api/trash/" + vision + "/restore", alice, "{\"into\":" + speech + "}"), 400,
                "invalid_argument", "a project has no parent type, so trash item " + vision
                        + " cannot be restored into project " + speech + "; restore it where it was");
        assertBadBody("POST", path, "{\"into\":0}", "field 'into' must be a project id (a positive integer), got 0");
        assertBadBody("POST", path, "{\"into\":-5}", "field 'into' must be a project id (a positive integer), got -5");
        assertBadBody("POST", path, "{\"into\":\"" + speech + "\"}", "field 'into' must be an integer, got string");
        assertBadBody("POST", path, "{\"into\":1.5}", "field 'into' must be an integer, got number");
        assertBadBody("POST", path, "{\"into\":null}", "field 'into' must be an integer, got null");
        assertBadBody("POST", path, "{\"into\":" + speech + ",\"slug\":\"d\"}", "unknown field 'slug'; the fields are into");
        assertBadBody("POST", path, "[" + speech + "]", "request body must be a JSON object, got array");
        String unknown = UUID.randomUUID().toString();
        assertSameAsMissing(send("POST", path, bob, "{\"into\":" + bobs + "}"),
                send("POST", "/api/trash/" + unknown + "/restore", bob, "{\"into\":" + bobs + "}"), detector, unknown);
        assertThat(snapshot(alice)).isEqualTo(before);

        clock.advance(Duration.ofDays(31));
        assertError(send("POST", path, alice, "{\"into\":" + speech + "}"), 404, "expired",
                "expired at 2025-03-31T09:00:00Z and can no longer be restored");
    }

    @Test
    @DisplayName("R35 R11 R12 R21 POST /api/trash/restore restores each item on its own and answers one outcome per item, in order: "
            + "restored, renamed, parent_in_trash, not_found (also another workspace's); a refusal fails nothing else")
    void bulkRestore() throws Exception {
        Seed seed = seed(acme);
        Seed bobs = seed(globex);
        String detector = deleteItem("models", seed.detector(), alice);
        String vision = deleteItem("projects", seed.vision(), alice);
        String streets = deleteItem("datasets", seed.streets(), alice);
        String bobsItem = deleteItem("datasets", bobs.streets(), bob);
        platform.createProject(acme, "Vision (new)", "vision");
        String unknown = UUID.randomUUID().toString();

        Reply reply = send("POST", "/api/trash/restore", alice, "{\"items\":[\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"]}"
                .formatted(detector, vision, streets, unknown, bobsItem));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(json("""
                {"outcomes":[
                  {"item":"%1$s","status":"parent_in_trash","refused":true,"message":"%6$s","restored":null},
                  {"item":"%2$s","status":"renamed","refused":false,"message":"restored as 'vision-2' (its slug 'vision' is taken)",
                   "restored":{"item":"%2$s","type":"project","id":%7$d,"restoredCount":6,"slug":"vision-2",
                               "originalSlug":"vision","renamed":true,"parent":null}},
                  {"item":"%3$s","status":"restored","refused":false,"message":"restored",
                   "restored":{"item":"%3$s","type":"dataset","id":%8$d,"restoredCount":7,"slug":"street-scenes",
                               "originalSlug":"street-scenes","renamed":false,"parent":null}},
                  {"item":"%4$s","status":"not_found","refused":true,
                   "message":"trash item %4$s does not exist in the trash of workspace acme (it may have been restored or purged)",
                   "restored":null},
                  {"item":"%5$s","status":"not_found","refused":true,
                   "message":"trash item %5$s does not exist in the trash of workspace acme (it may have been restored or purged)",
                   "restored":null}],
                 "counts":{"parent_in_trash":1,"renamed":1,"restored":1,"not_found":2},"refused":3}"""
                .formatted(detector, vision, streets, unknown, bobsItem, R12_MESSAGE, seed.vision(), seed.streets())));
        assertThat(get("/api/trash", alice).json().get("items")).extracting(i -> i.get("id").asText())
                .containsExactly(detector);
        assertThat(get("/api/trash/" + bobsItem, bob).status()).isEqualTo(200);

        JsonNode again = send("POST", "/api/trash/restore", alice, "{\"items\":[\"" + detector + "\"]}").json();
        assertThat(again.get("outcomes").get(0).get("status").asText()).isEqualTo("restored");
        assertThat(again.get("outcomes").get(0).get("restored").get("parent"))
                .isEqualTo(json("{\"type\":\"project\",\"id\":" + seed.vision() + "}"));
        assertThat(again.get("counts")).isEqualTo(json("{\"restored\":1}"));
        assertThat(again.get("refused").asInt()).isZero();
        assertThat(ids(get("/api/models", alice).json())).containsExactly(seed.detector(), seed.segmenter());
    }

    @Test
    @DisplayName("R35 R32 R15 POST /api/trash/purge purges each item on its own: purged (files gone, bytes freed), held "
            + "(kept), not_found; one outcome per item, in order")
    void bulkPurge() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        String segmenter = deleteItem("models", seed.segmenter(), alice);
        String detector = deleteItem("models", seed.detector(), alice);
        hold(segmenter, "keep");
        String unknown = UUID.randomUUID().toString();

        Reply reply = send("POST", "/api/trash/purge", alice, "{\"items\":[\"%s\",\"%s\",\"%s\",\"%s\"]}"
                .formatted(streets, segmenter, unknown, detector));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json();
        assertThat(result.get("outcomes").get(0)).isEqualTo(json("""
                {"item":"%s","status":"purged","refused":false,"message":"purged",
                 "purged":{"items":1,"bytes":3906,"retrying":0}}""".formatted(streets)));
        JsonNode held = result.get("outcomes").get(1);
        assertThat(held.get("item").asText()).isEqualTo(segmenter);
        assertThat(held.get("status").asText()).isEqualTo("held");
        assertThat(held.get("refused").asBoolean()).isTrue();
        assertThat(held.get("message").asText()).contains("is held since", "(keep)", "release the hold first");
        assertThat(held.get("purged").isNull()).isTrue();
        assertThat(result.get("outcomes").get(2).get("status").asText()).isEqualTo("not_found");
        assertThat(result.get("outcomes").get(3)).isEqualTo(json("""
                {"item":"%s","status":"purged","refused":false,"message":"purged",
                 "purged":{"items":1,"bytes":25117,"retrying":0}}""".formatted(detector)));
        assertThat(result.get("counts")).isEqualTo(json("{\"purged\":2,\"held\":1,\"not_found\":1}"));
        assertThat(result.get("refused").asInt()).isEqualTo(2);

        assertThat(get("/api/trash", alice).json().get("items")).extracting(i -> i.get("id").asText())
                .containsExactly(segmenter);
        assertThat(storedFiles(acme)).isEqualTo(new FileStore.Usage(4, 40_234));
        assertThat(platform.storageBytes(acme)).isEqualTo(40_234);
    }

    @Test
    @DisplayName("R35 R23 bulk errors are 400 and change nothing: empty, too long (1,001) or duplicate lists, malformed ids "
            + "(named by index), a missing or mistyped items field; 405 for other methods")
    void bulkErrors() throws Exception {
        Seed seed = seed(acme);
        String streets = deleteItem("datasets", seed.streets(), alice);
        List<String> before = snapshot(alice);
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= 1_000; i++) {
            many.add("\"" + UUID.randomUUID() + "\"");
        }

        for (String path : List.of("/api/trash/restore", "/api/trash/purge")) {
            assertBadBody("POST", path, "{\"items\":[]}", "items must not be empty; give at least one trash item id (at most 1000)");
            assertBadBody("POST", path, "{\"items\":[" + String.join(",", many) + "]}",
                    "items must be at most 1000, was 1001");
            assertBadBody("POST", path, "{\"items\":[\"" + streets + "\",\"" + streets + "\"]}",
                    "items names trash item " + streets + " twice (again at index 1)");
            assertBadBody("POST", path, "{\"items\":[\"" + streets + "\",\"nope\"]}",
                    "items[1]: trash item id must be a UUID");
            assertBadBody("POST", path, "{\"items\":[\"" + streets + "\",7]}",
                    "items[1] must be a trash item id (a string), got number");
            assertBadBody("POST", path, "{\"items\":[null]}", "items[0] must be a trash item id (a string), got null");
            assertBadBody("POST", path, "{\"items\":\"" + streets + "\"}", "field 'items' must be an array, got string");
            assertBadBody("POST", path, "{}", "missing field 'items'");
            assertBadBody("POST", path, "", "request body is empty; send a JSON object with the fields items");
            assertBadBody("POST", path, "{\"items\":[],\"all\":true}", "unknown field 'all'; the fields are items");
            assertMethodNotAllowed("GET", path, "POST");
            assertMethodNotAllowed("DELETE", path, "POST");
        }
        assertThat(snapshot(alice)).isEqualTo(before);
    }

    @Test
    @DisplayName("R36 R40 GET /api/plan and PUT /api/plan (admin keys): a new plan's retention applies to later deletes, "
            + "re-applied on request to the Trash (never expiring an item before now); other workspaces are untouched")
    void plans() throws Exception {
        Seed seed = seed(acme);
        seed(globex);
        String root = platform.issueApiKey(acme, "root", Platform.Role.ADMIN);
        String plans = "\"plans\":{\"free\":30,\"pro\":180,\"enterprise\":365}";
        assertThat(get("/api/plan", alice).json()).isEqualTo(json("""
                {"workspace":"acme","plan":"free","retentionDays":30,%s}""".formatted(plans)));
        String streets = deleteItem("datasets", seed.streets(), alice);
        String bobs = deleteItem("models", platform.list(globex, PlatformSchema.MODEL).get(0).id(), bob);

        Reply pro = send("PUT", "/api/plan", root, "{\"plan\":\"pro\"}");

        assertThat(pro.status()).as(pro.body()).isEqualTo(200);
        assertThat(pro.json()).isEqualTo(json("""
                {"workspace":"acme","plan":"pro","retentionDays":180,%s,"reapplied":null}""".formatted(plans)));
        assertThat(get("/api/plan", alice).json().get("plan").asText()).isEqualTo("pro");
        assertThat(get("/api/trash/" + streets, alice).json().get("expiresAt").asText()).isEqualTo("2025-03-31T09:00:00Z");
        String detector = deleteItem("models", seed.detector(), alice);
        JsonNode later = get("/api/trash/" + detector, alice).json();
        assertThat(later.get("expiresAt").asText()).isEqualTo("2025-08-28T09:00:00Z");
        assertThat(later.get("expiresIn").asText()).isEqualTo("180d");

        Reply enterprise = send("PUT", "/api/plan", root, "{\"plan\":\"enterprise\",\"reapply\":true}");

        assertThat(enterprise.json()).isEqualTo(json("""
                {"workspace":"acme","plan":"enterprise","retentionDays":365,%s,"reapplied":2}""".formatted(plans)));
        for (String item : List.of(streets, detector)) {
            assertThat(get("/api/trash/" + item, alice).json().get("expiresAt").asText()).isEqualTo("2026-03-01T09:00:00Z");
        }
        assertThat(get("/api/plan", bob).json().get("plan").asText()).isEqualTo("free");
        assertThat(get("/api/trash/" + bobs, bob).json().get("expiresAt").asText()).isEqualTo("2025-03-31T09:00:00Z");

        clock.advance(Duration.ofDays(40)); // back to free: 30 days after deletion is past, so they expire now
        assertThat(send("PUT", "/api/plan", root, "{\"plan\":\"free\",\"reapply\":true}").json().get("reapplied").asLong())
                .isEqualTo(2);
        assertThat(get("/api/trash", alice).json().get("items")).isEmpty();
        assertThat(get("/api/trash/storage", alice).json().get("purgingItems").asLong()).isEqualTo(2);
        assertThat(send("PUT", "/api/plan", root, "{\"plan\":\"free\",\"reapply\":false}").json().get("reapplied").isNull())
                .isTrue();
    }

    @Test
    @DisplayName("R36 R23 plan errors: 403 for a member's key, 400 for an unknown plan and bad bodies, 401 without a key, 405; "
            + "nothing changes")
    void planErrors() throws Exception {
        String root = platform.issueApiKey(acme, "root", Platform.Role.ADMIN);
        List<String> before = snapshot(alice);

        assertThat(send("PUT", "/api/plan", alice, "{\"plan\":\"pro\"}").json()).isEqualTo(json("""
                {"status":403,"error":"forbidden",
                 "message":"changing the plan of workspace acme needs an admin's API key; the key of alice is a member's"}"""));
        assertError(send("PUT", "/api/plan", alice, "{\"plan\":\"gold\"}"), 403, "forbidden", "needs an admin's API key");
        assertError(send("PUT", "/api/plan", null, "{\"plan\":\"pro\"}"), 401, "unauthorized", "missing Authorization header");
        for (String[] bad : List.of(
                new String[] {"{\"plan\":\"gold\"}", "plan must be one of free, pro, enterprise, got 'gold'"},
                new String[] {"{\"plan\":\"PRO\"}", "plan must be one of free, pro, enterprise, got 'PRO'"},
                new String[] {"{}", "missing field 'plan'"},
                new String[] {"", "request body is empty; send a JSON object with the fields plan, reapply"},
                new String[] {"{\"plan\":1}", "field 'plan' must be a string, got number"},
                new String[] {"{\"plan\":\"pro\",\"reapply\":\"yes\"}", "field 'reapply' must be a boolean, got string"},
                new String[] {"{\"plan\":\"pro\",\"reapply\":1}", "field 'reapply' must be a boolean, got number"},
                new String[] {"{\"plan\":\"pro\",\"now\":true}", "unknown field 'now'; the fields are plan, reapply"})) {
            assertError(send("PUT", "/api/plan", root, bad[0]), 400, "invalid_argument", bad[1]);
        }
        assertBadBody("GET", "/api/plan", "{\"plan\":\"pro\"}", "this request takes no body");
        assertError(get("/api/plan?workspace=globex", alice), 400, "invalid_argument",
                "unknown query parameter 'workspace'; this endpoint takes none");
        assertMethodNotAllowed("POST", "/api/plan", "GET, PUT");

        assertThat(snapshot(alice)).isEqualTo(before);
        assertThat(platform.plan(acme)).isEqualTo(Plan.FREE);
    }

    // ---- helpers ----

    private Seed seed(WorkspaceId workspace) {
        long vision = platform.createProject(workspace, "Vision", "vision").id();
        long detector = platform.createModel(workspace, vision, "Detector", "detector", 10_000).id();
        long segmenter = platform.createModel(workspace, vision, "Segmenter", "segmenter", 20_000).id();
        long streets = platform.createDataset(workspace, "Street scenes", "street-scenes", 3, 1_000).id();
        return new Seed(vision, detector, segmenter, streets);
    }

    /** Holds the item through the API, as alice. */
    private void hold(String item, String reason) throws Exception {
        Reply reply = send("POST", "/api/trash/" + item + "/hold", alice, "{\"reason\":\"" + reason + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** Deletes through the API and returns the new item's id. */
    private String deleteItem(String kind, long id, String key) throws Exception {
        Reply reply = send("DELETE", "/api/" + kind + "/" + id, key, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("id").asText();
    }

    /** @return the item ids of every page, following nextCursor */
    private List<List<String>> pages(String first, String key) throws Exception {
        List<List<String>> pages = new ArrayList<>();
        String path = first;
        while (true) {
            Reply reply = get(path, key);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode page = reply.json();
            List<String> ids = new ArrayList<>();
            page.get("items").forEach(item -> ids.add(item.get("id").asText()));
            pages.add(ids);
            if (page.get("nextCursor").isNull()) {
                return pages;
            }
            assertThat(pages).as("runaway pagination").hasSizeLessThan(10);
            path = first + "&cursor=" + enc(page.get("nextCursor").asText());
        }
    }

    /** Everything the workspace of {@code key} can see through the API, plus its stored files. */
    private List<String> snapshot(String key) throws Exception {
        List<String> state = new ArrayList<>();
        for (String path : List.of("/api/trash?limit=1000", "/api/trash/storage", "/api/projects", "/api/models",
                "/api/datasets", "/api/plan")) {
            Reply reply = get(path, key);
            assertThat(reply.status()).isEqualTo(200);
            state.add(reply.body());
        }
        state.add(storedFiles(platform.authenticate(key).orElseThrow().workspace()).toString());
        return state;
    }

    /** @return the stored files of one workspace (their paths start with its id) */
    private FileStore.Usage storedFiles(WorkspaceId workspace) throws IOException {
        Path folder = platform.files().root().resolve(workspace.value());
        if (!Files.exists(folder)) {
            return new FileStore.Usage(0, 0);
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            long bytes = 0;
            for (Path file : regular) {
                bytes += Files.size(file);
            }
            return new FileStore.Usage(regular.size(), bytes);
        }
    }

    private static List<String> flat(List<List<String>> pages) {
        return pages.stream().flatMap(List::stream).toList();
    }

    private static List<String> ids(JsonNode page, String field) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get(field).asText()));
        return ids;
    }

    private static List<Long> ids(JsonNode list) {
        List<Long> ids = new ArrayList<>();
        list.get("items").forEach(r -> ids.add(r.get("id").asLong()));
        return ids;
    }

    private void assertBadBody(String method, String path, String body, String message) throws Exception {
        assertError(send(method, path, alice, body), 400, "invalid_argument", message);
    }

    private void assertMethodNotAllowed(String method, String path, String allow) throws Exception {
        Reply reply = send(method, path, alice, null);
        assertError(reply, 405, "method_not_allowed", method + " is not allowed on " + path + "; allowed: " + allow);
        assertThat(reply.headers().firstValue("Allow")).contains(allow);
    }

    private static void assertError(Reply reply, int status, String code, String messagePart) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = reply.json();
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("error").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(messagePart);
        assertThat(error.size()).isEqualTo(3);
    }

    /** Another workspace's id gets exactly the answer a missing id gets (R21). */
    private static void assertSameAsMissing(Reply other, Reply missing, String otherId, String missingId) {
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().get("error").asText()).isEqualTo("not_found");
        assertThat(other.body().replace(" " + otherId + " ", " ID "))
                .isEqualTo(missing.body().replace(" " + missingId + " ", " ID "));
    }

    private static JsonNode withoutTreemap(JsonNode storage) {
        ObjectNode copy = storage.deepCopy();
        copy.remove("treemap");
        return copy;
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private Reply get(String path, String key) throws Exception {
        return send("GET", path, key, null);
    }

    /** Sends a request; {@code key} null sends no Authorization; {@code headers} are name, value pairs. */
    private Reply send(String method, String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        var response = http.send(request.build(), BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers(), response.body());
    }
}
