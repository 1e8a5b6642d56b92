package dev.trash.examples.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trash.ActorId;
import dev.trash.BackendException;
import dev.trash.BulkResult;
import dev.trash.ConflictException;
import dev.trash.ExpiredException;
import dev.trash.HeldException;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ParentInTrashException;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.RetryableException;
import dev.trash.SortOrder;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.Treemap;
import dev.trash.TreemapOptions;
import dev.trash.examples.platform.HttpFront.Exchange;
import dev.trash.examples.platform.HttpFront.Headers;
import dev.trash.examples.platform.Json.FieldType;
import dev.trash.jdbi.ResourceTable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The platform's HTTP API (SPEC R24): its Trash and its projects, models and datasets as JSON over
 * Jetty 12 (see {@link HttpFront} for connections, threads, timeouts and sizes). Every {@code /api/...} request needs {@code Authorization: Bearer
 * <api key>}; the key names the one workspace the request sees and changes, and the actor its
 * deletes record. Another workspace's items and resources look exactly like missing ones (R21).
 *
 * <pre>
 * GET    /api/trash?type=&amp;limit=&amp;cursor=&amp;order=   one page of the Trash, newest first by default
 *        &amp;q=&amp;deletedBy=&amp;deletedFrom=&amp;deletedBefore=&amp;expiringWithin=
 *                                                name, actor, deletion-time and expiry filters (R38, R39)
 * GET    /api/trash/storage                     storage summary and treemap (Accept: image/svg+xml for the SVG)
 * POST   /api/trash/empty                       Empty Trash (held items are kept, and counted)
 * POST   /api/trash/restore  {"items":[…]}      restore each item on its own, one outcome per item (R35)
 * POST   /api/trash/purge    {"items":[…]}      purge each item on its own, one outcome per item (R35)
 * GET    /api/trash/{id}                        one item
 * POST   /api/trash/{id}/restore  [{"into":n}]  restore an item, where it was or into project n (R34)
 * GET    /api/trash/{id}/restore-preview?into=  what that restore would do, changing nothing (R33)
 * POST   /api/trash/{id}/hold  {"reason":"…"}   place a hold: never purged while held (R32)
 * DELETE /api/trash/{id}/hold                   lift the hold
 * DELETE /api/trash/{id}                        purge an item now, irreversibly
 * GET    /api/plan                              the workspace's plan and its retention (R36)
 * PUT    /api/plan  {"plan":"pro","reapply":b}  change the plan (admin keys only), optionally re-applying it
 * GET    /api/projects | /api/models | /api/datasets      the active resources
 * POST   /api/projects | /api/datasets | /api/projects/{id}/models   create one (201)
 * DELETE /api/projects/{id} | /api/models/{id} | /api/datasets/{id}  move it to the Trash
 * </pre>
 *
 * <p>Errors are JSON {@code {"status","error","message"}}: 400 {@code invalid_argument} (bad ids,
 * query parameters or bodies), 401 {@code unauthorized}, 403 {@code forbidden} (a member's key on an
 * admin's endpoint), 404 {@code not_found} or {@code expired}, 405 {@code method_not_allowed}, 409
 * {@code parent_in_trash}, {@code held} (purging a held item, or one holding a held item) or
 * {@code conflict} (also for a race lost to a concurrent request, which the client may simply retry), 413
 * {@code payload_too_large} (bodies over {@value #MAX_BODY_BYTES} bytes), 500 {@code internal},
 * 503 {@code unavailable} with {@code Retry-After} (the database could not be reached within the pool's
 * short connection timeout; the details are logged, not sent). No message names an internal class.
 * Outside {@code /api} the server serves the Trash page ({@link TrashPage}).
 *
 * <p>Thread-safe: requests run concurrently on the server's pool (see {@link HttpFront}); the only
 * state besides the immutable route table is the closed flag, and the {@link Platform} is
 * thread-safe. {@link #close()} may be called from any thread, more than once; it stops the server
 * gracefully but leaves the platform open.
 */
final class ApiServer implements AutoCloseable {
    /** The largest request body accepted. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Seconds a client is told to wait (Retry-After) when the database is unavailable. */
    static final String RETRY_AFTER_SECONDS = "5";

    /** The message of a 503: the database's own error stays in the log. */
    static final String UNAVAILABLE = "the database is unavailable; try again later";

    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
    static final String JSON = "application/json; charset=utf-8";
    private static final String SVG = "image/svg+xml; charset=utf-8";
    private static final Pattern BEARER = Pattern.compile("(?i:Bearer) +([A-Za-z0-9._~+/-]+=*) *");
    private static final Pattern RESOURCE_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,9}");

    /** What a request asked for, once authenticated and routed. */
    private record Call(Exchange exchange, Platform.ApiKey key, List<String> pathIds, Map<String, String> query,
                        byte[] body) {
    }

    /** A response: status, content type and body. */
    private record Response(int status, String contentType, byte[] body) {
        static Response json(int status, ObjectNode node) {
            return new Response(status, JSON, Json.bytes(node));
        }
    }

    @FunctionalInterface
    private interface Handler {
        Response handle(Call call);
    }

    /** One method of one path pattern, and the query parameters it takes. */
    private record Route(Handler handler, Set<String> parameters) {
    }

    /** An error response raised while handling a request. */
    private static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;
        private final transient Map<String, String> headers;

        HttpError(int status, String code, String message, Map<String, String> headers) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.headers = headers;
        }
    }

    private final Platform platform;
    private final TrashManager trash;
    private final HttpFront server;
    private final InetSocketAddress address;
    /** Path pattern (segments, {@code {id}} matching any one) to method to route; literal patterns first. */
    private final Map<List<String>, Map<String, Route>> routes = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApiServer(Platform platform, InetSocketAddress address) {
        this.platform = platform;
        this.trash = platform.trash();
        this.address = address;
        route("GET", "/api/trash", this::listTrash, "type", "limit", "cursor", "order", "q", "deletedBy", "deletedFrom",
                "deletedBefore", "expiringWithin");
        route("GET", "/api/trash/storage", this::storage);
        route("POST", "/api/trash/empty", this::emptyTrash);
        route("POST", "/api/trash/restore", this::restoreItems);
        route("POST", "/api/trash/purge", this::purgeItems);
        route("GET", "/api/trash/{id}", this::getItem);
        route("DELETE", "/api/trash/{id}", this::purgeItem);
        route("POST", "/api/trash/{id}/restore", this::restoreItem);
        route("GET", "/api/trash/{id}/restore-preview", this::previewRestore, "into");
        route("POST", "/api/trash/{id}/hold", this::hold);
        route("DELETE", "/api/trash/{id}/hold", this::releaseHold);
        route("GET", "/api/plan", this::plan);
        route("PUT", "/api/plan", this::changePlan);
        for (ResourceTable kind : PlatformSchema.DELETABLE) {
            route("GET", "/api/" + kind.table(), call -> listResources(call, kind));
            route("DELETE", "/api/" + kind.table() + "/{id}", call -> deleteResource(call, kind));
        }
        route("POST", "/api/projects", this::createProject);
        route("POST", "/api/projects/{id}/models", this::createModel);
        route("POST", "/api/datasets", this::createDataset);
        TrashPage page = new TrashPage();
        this.server = HttpFront.start(address, exchange -> page.serves(exchange.rawPath())
                ? page.answer(exchange) : exchange(exchange));
    }

    /**
     * Starts serving the platform's API.
     *
     * @param platform the platform; {@link #close()} leaves it open
     * @param address where to listen; port 0 picks a free port (see {@link #port()})
     * @throws UncheckedIOException if the address cannot be bound
     */
    static ApiServer start(Platform platform, InetSocketAddress address) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(address, "address");
        ApiServer api = new ApiServer(platform, address);
        LOG.log(System.Logger.Level.DEBUG, "trash API listening on {0}", api.baseUri());
        return api;
    }

    /** @return the port the server listens on */
    int port() {
        return server.port();
    }

    /** @return e.g. {@code http://127.0.0.1:8080/} */
    URI baseUri() {
        String host = address.getAddress().getHostAddress();
        if (address.getAddress().isAnyLocalAddress()) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /**
     * Stops the server: requests in progress may finish (for up to five seconds), new ones are
     * refused, then every connection is closed and the pool's threads end. Leaves the platform open. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
    }

    private void route(String method, String pattern, Handler handler, String... parameters) {
        routes.computeIfAbsent(List.of(pattern.substring(1).split("/")), p -> new LinkedHashMap<>())
                .put(method, new Route(handler, Set.of(parameters)));
    }

    // ---- dispatch ----

    private HttpFront.Reply exchange(Exchange exchange) {
        Response response;
        try {
            response = dispatch(exchange);
        } catch (HttpError e) {
            e.headers.forEach(exchange.getResponseHeaders()::set);
            response = error(e.status, e.code, e.getMessage());
        } catch (ParentInTrashException e) {
            response = error(409, "parent_in_trash", e.getMessage());
        } catch (InvalidArgumentException e) {
            response = error(400, "invalid_argument", e.getMessage());
        } catch (NotFoundException e) {
            response = error(404, "not_found", e.getMessage());
        } catch (ExpiredException e) {
            response = error(404, "expired", e.getMessage());
        } catch (ConflictException | RetryableException e) {
            // A lost race (RetryableException) changed nothing either: the client re-reads and retries.
            response = error(409, "conflict", e.getMessage());
        } catch (BackendException e) {
            response = unavailable(exchange, e);
        } catch (RuntimeException e) {
            if (databaseDown(e)) { // the platform's own queries (e.g. the key's lookup) fail this way
                response = unavailable(exchange, e);
            } else {
                LOG.log(System.Logger.Level.ERROR, "request " + exchange.getRequestMethod() + " "
                        + shorten(exchange.rawPath()) + " failed", e);
                response = error(500, "internal", "the server failed to handle the request; it has been logged");
            }
        }
        return new HttpFront.Reply(response.status(), response.contentType(), response.body());
    }

    private static Response unavailable(Exchange exchange, RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "request " + exchange.getRequestMethod() + " "
                + shorten(exchange.rawPath()) + " failed: the database is unavailable", e);
        if (databaseDown(e)) { // unreachable, not broken (e.g. a missing table): worth retrying soon
            exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        }
        return error(503, "unavailable", UNAVAILABLE);
    }

    /**
     * @return whether a failure's causes say that no database connection could be had in time (the
     *     pool's timeout, a refused or broken connection); a closed pool is not one of them
     */
    static boolean databaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Response error(int status, String code, String message) {
        return Response.json(status, Json.error(status, code, HttpFront.scrub(message)));
    }

    private Response dispatch(Exchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.rawPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            throw notFound(method, path);
        }
        Platform.ApiKey key = authenticate(exchange.getRequestHeaders());
        List<String> segments = List.of(path.substring(1).split("/", -1));
        for (Map.Entry<List<String>, Map<String, Route>> entry : routes.entrySet()) {
            Optional<List<String>> matched = match(entry.getKey(), segments);
            if (matched.isEmpty()) {
                continue;
            }
            List<String> ids = matched.get();
            Route route = entry.getValue().get(method);
            if (route == null) {
                String allow = String.join(", ", entry.getValue().keySet());
                throw new HttpError(405, "method_not_allowed", method + " is not allowed on " + path
                        + "; allowed: " + allow, Map.of("Allow", allow));
            }
            Map<String, String> query = query(exchange.rawQuery(), route.parameters());
            return route.handler().handle(new Call(exchange, key, ids, query, body(exchange)));
        }
        throw notFound(method, path);
    }

    private static HttpError notFound(String method, String path) {
        return new HttpError(404, "not_found", "no such endpoint: " + method + " " + shorten(path), Map.of());
    }

    /** @return the values of the pattern's {@code {id}} segments, or empty if the path does not match */
    private static Optional<List<String>> match(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            if (pattern.get(i).equals("{id}") && !segments.get(i).isEmpty()) {
                ids.add(segments.get(i));
            } else if (!pattern.get(i).equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(ids);
    }

    private Platform.ApiKey authenticate(Headers headers) {
        List<String> values = headers.get("Authorization");
        if (values == null || values.isEmpty()) {
            throw unauthorized("missing Authorization header; send 'Authorization: Bearer <api key>'", false);
        }
        var matcher = BEARER.matcher(values.get(0));
        if (values.size() > 1 || !matcher.matches()) {
            throw unauthorized("malformed Authorization header; send 'Authorization: Bearer <api key>'", true);
        }
        return platform.authenticate(matcher.group(1))
                .orElseThrow(() -> unauthorized("unknown API key", true));
    }

    private static HttpError unauthorized(String message, boolean invalidToken) {
        return new HttpError(401, "unauthorized", message, Map.of("WWW-Authenticate",
                invalidToken ? "Bearer realm=\"trash\", error=\"invalid_token\"" : "Bearer realm=\"trash\""));
    }

    private static Map<String, String> query(String rawQuery, Set<String> allowed) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!allowed.contains(name)) {
                throw new InvalidArgumentException("unknown query parameter '" + shorten(name) + "'"
                        + (allowed.isEmpty() ? "; this endpoint takes none"
                                : "; allowed: " + String.join(", ", new TreeSet<>(allowed))));
            }
            if (query.put(name, value) != null) {
                throw new InvalidArgumentException("query parameter '" + name + "' is given twice");
            }
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("malformed percent-encoding in the query: '" + shorten(text) + "'");
        }
    }

    private static byte[] body(Exchange exchange) {
        return switch (exchange.bodyState()) {
            case READ -> exchange.body();
            case TOO_LARGE -> throw tooLarge();
            // not worth reading: the connection is closed after the answer
            case TOO_LARGE_UNREAD -> throw new HttpError(413, "payload_too_large", tooLarge().getMessage(),
                    Map.of("Connection", "close"));
            // A malformed chunked encoding, or a client too slow or gone.
            case UNREADABLE -> throw new HttpError(400, "invalid_argument", "could not read the request body: "
                    + exchange.bodyProblem(), Map.of("Connection", "close"));
        };
    }

    private static HttpError tooLarge() {
        return new HttpError(413, "payload_too_large", "request body is larger than " + MAX_BODY_BYTES + " bytes",
                Map.of());
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    // ---- the Trash ----

    /** The values of {@code order}, in the order the README lists them. */
    static final Map<String, SortOrder> ORDERS = orders();

    private static Map<String, SortOrder> orders() {
        Map<String, SortOrder> orders = new LinkedHashMap<>();
        orders.put("newest", SortOrder.NEWEST_FIRST);
        orders.put("oldest", SortOrder.OLDEST_FIRST);
        orders.put("expiring", SortOrder.EXPIRING_FIRST);
        orders.put("expiring-last", SortOrder.EXPIRING_LAST);
        orders.put("largest", SortOrder.LARGEST_FIRST);
        orders.put("smallest", SortOrder.SMALLEST_FIRST);
        orders.put("name", SortOrder.NAME_ASCENDING);
        orders.put("name-desc", SortOrder.NAME_DESCENDING);
        return Collections.unmodifiableMap(orders);
    }

    /**
     * One page of the Trash (SPEC R6, R38, R39): the type, name, actor and deletion-time filters, the
     * order, and {@code expiringWithin}, whose bound (now plus the window) is fixed by the first page
     * and carried in the cursor, so that every page of one listing has the same bound. A cursor is
     * valid only with the filters and order it was made for (SPEC R41).
     */
    private Response listTrash(Call call) {
        Json.none(call.body());
        Map<String, String> params = call.query();
        Set<String> types = Set.of();
        String type = params.get("type");
        if (type != null) {
            types = Set.of(PlatformSchema.type(PlatformSchema.deletable(type).orElseThrow(() ->
                    new InvalidArgumentException("type must be one of " + deletableTypes() + ", got '" + shorten(type)
                            + "'"))));
        }
        int limit = TrashQuery.DEFAULT_LIMIT;
        String limitText = params.get("limit");
        if (limitText != null) {
            if (!INTEGER.matcher(limitText).matches()) {
                throw new InvalidArgumentException("limit must be an integer from 1 to " + TrashQuery.MAX_LIMIT
                        + ", got '" + shorten(limitText) + "'");
            }
            limit = Integer.parseInt(limitText); // the library checks the range
        }
        Optional<Duration> within = Optional.ofNullable(params.get("expiringWithin"))
                .map(ApiServer::window);
        SortOrder order = within.isPresent() ? SortOrder.EXPIRING_FIRST : SortOrder.NEWEST_FIRST;
        String orderText = params.get("order");
        if (orderText != null) {
            order = Optional.ofNullable(ORDERS.get(orderText)).orElseThrow(() -> new InvalidArgumentException(
                    "order must be one of " + String.join(", ", ORDERS.keySet()) + ", got '" + shorten(orderText) + "'"));
        }
        Optional<String> name = Optional.ofNullable(params.get("q"))
                .map(q -> named("q", () -> TrashQuery.all().nameContains(q).nameContains().orElseThrow()));
        Optional<ActorId> deletedBy = Optional.ofNullable(params.get("deletedBy"))
                .map(a -> named("deletedBy", () -> ActorId.of(a)));
        Optional<Instant> from = Optional.ofNullable(params.get("deletedFrom")).map(t -> instant("deletedFrom", t));
        Optional<Instant> before = Optional.ofNullable(params.get("deletedBefore"))
                .map(t -> instant("deletedBefore", t));
        if (from.isPresent() && before.isPresent() && !from.get().isBefore(before.get())) {
            throw new InvalidArgumentException("deletedFrom must be before deletedBefore, got deletedFrom "
                    + from.get() + " and deletedBefore " + before.get());
        }
        Optional<String> cursor = Optional.ofNullable(params.get("cursor"));
        Optional<Instant> expiresBefore = Optional.empty();
        if (within.isPresent()) {
            if (cursor.isPresent()) {
                TrashQuery.all().after(cursor.get()); // a blank cursor is refused as in any listing
                ExpiringCursor wrapped = ExpiringCursor.decode(cursor.get(), within.get());
                expiresBefore = Optional.of(wrapped.bound());
                cursor = Optional.of(wrapped.cursor());
            } else {
                expiresBefore = trash.expiringWithin(within.get()).expiresBefore();
            }
        }
        TrashQuery query = new TrashQuery(types, order, limit, cursor, name, deletedBy, from, before, expiresBefore);
        var page = trash.list(call.key().workspace(), query);
        ObjectNode n = Json.node();
        var items = n.putArray("items");
        page.items().forEach(item -> items.add(Json.item(item)));
        Optional<String> next = page.nextCursor();
        if (within.isPresent()) {
            Instant bound = expiresBefore.orElseThrow();
            next = next.map(c -> new ExpiringCursor(within.get(), bound, c).encode());
        }
        if (next.isPresent()) {
            n.put("nextCursor", next.get());
        } else {
            n.putNull("nextCursor");
        }
        return Response.json(200, n);
    }

    /**
     * The cursor of an {@code expiringWithin} listing: the window it was asked for, the bound the
     * first page fixed (its "now" plus the window) and the library's own cursor, which is bound to
     * that instant. Opaque to clients: URL-safe Base64.
     */
    private record ExpiringCursor(Duration window, Instant bound, String cursor) {
        private static final String PREFIX = "ew1|";

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (PREFIX + window + "|" + bound + "|" + cursor).getBytes(StandardCharsets.UTF_8));
        }

        /** @throws InvalidArgumentException if {@code text} is not the cursor of an expiringWithin listing of {@code window} */
        static ExpiringCursor decode(String text, Duration window) {
            InvalidArgumentException refused = new InvalidArgumentException("cursor '" + shorten(text)
                    + "' was not made for this listing (its workspace, order and filters, expiringWithin "
                    + window + "); pass the nextCursor of a previous page of the same listing unchanged, or no cursor "
                    + "for the first page");
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8)
                        .split("\\|", -1);
            } catch (IllegalArgumentException e) {
                throw refused;
            }
            if (parts.length != 4 || !(parts[0] + "|").equals(PREFIX) || parts[3].isBlank()) {
                throw refused;
            }
            try {
                if (!Duration.parse(parts[1]).equals(window)) {
                    throw refused;
                }
                return new ExpiringCursor(window, Instant.parse(parts[2]), parts[3]);
            } catch (DateTimeParseException e) {
                throw refused;
            }
        }
    }

    /** @return the {@code expiringWithin} window: an ISO-8601 duration, positive, at most ten years */
    private static Duration window(String text) {
        Duration window;
        try {
            window = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException("expiringWithin must be an ISO-8601 duration such as P7D or PT12H, got '"
                    + shorten(text) + "'");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(ResourceType.MAX_RETENTION) > 0) {
            throw new InvalidArgumentException("expiringWithin must be positive and at most "
                    + ResourceType.MAX_RETENTION.toDays() + " days (P" + ResourceType.MAX_RETENTION.toDays()
                    + "D), got '" + shorten(text) + "'");
        }
        return window;
    }

    /** @return the ISO-8601 instant of parameter {@code name}, e.g. {@code 2026-11-01T09:00:00Z} */
    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException(name + " must be an ISO-8601 instant such as 2026-11-01T09:00:00Z, got '"
                    + shorten(text) + "'");
        }
    }

    /** @return what {@code value} makes of parameter {@code name}, the library's refusal prefixed by the parameter's name */
    private static <T> T named(String name, Supplier<T> value) {
        try {
            return value.get();
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException(name + ": " + e.getMessage());
        }
    }

    private Response storage(Call call) {
        Json.none(call.body());
        var workspace = call.key().workspace();
        Treemap treemap = trash.treemap(workspace, TreemapOptions.defaults());
        call.exchange().getResponseHeaders().set("Vary", "Accept");
        if (wantsSvg(call.exchange().getRequestHeaders().get("Accept"))) {
            return new Response(200, SVG, Json.utf8(treemap.toSvg()));
        }
        return Response.json(200, Json.storage(trash.storageSummary(workspace),
                platform.storageBytes(workspace), treemap));
    }

    /** @return whether the Accept header prefers {@code image/svg+xml} to {@code application/json} */
    static boolean wantsSvg(List<String> accept) {
        if (accept == null) {
            return false;
        }
        double svg = 0;
        double json = 0;
        for (String range : String.join(",", accept).split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String[] param = parts[i].trim().split("=", 2);
                if (param.length == 2 && param[0].trim().equalsIgnoreCase("q")) {
                    try {
                        q = Double.parseDouble(param[1].trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("image/svg+xml")) {
                svg = Math.max(svg, q);
            } else if (type.equals("application/json")) {
                json = Math.max(json, q);
            }
        }
        return svg > 0 && svg > json;
    }

    private Response getItem(Call call) {
        Json.none(call.body());
        TrashItemId id = TrashItemId.parse(call.pathIds().get(0));
        return Response.json(200, Json.item(trash.get(call.key().workspace(), id).orElseThrow(() ->
                new NotFoundException("trash item " + id + " is not in the trash of this workspace "
                        + "(it may have been restored, purged or expired)"))));
    }

    private Response restoreItem(Call call) {
        TrashItemId id = TrashItemId.parse(call.pathIds().get(0));
        var workspace = call.key().workspace();
        if (Json.isNone(call.body())) {
            return Response.json(200, Json.restored(trash.restore(workspace, id, call.key().actor())));
        }
        Json.Body body = Json.object(call.body(), fields("into", FieldType.LONG));
        ResourceRef into = intoProject(body.longValue("into"));
        return Response.json(200, Json.restored(trash.restoreInto(workspace, id, into, call.key().actor())));
    }

    private Response previewRestore(Call call) {
        TrashItemId id = TrashItemId.parse(call.pathIds().get(0));
        Json.none(call.body());
        var workspace = call.key().workspace();
        String into = call.query().get("into");
        if (into == null) {
            return Response.json(200, Json.preview(trash.previewRestore(workspace, id)));
        }
        if (!RESOURCE_ID.matcher(into).matches()) {
            throw new InvalidArgumentException("into must be a project id (a positive integer), got '" + shorten(into)
                    + "'");
        }
        return Response.json(200, Json.preview(trash.previewRestoreInto(workspace, id, intoProject(parseLong(into)))));
    }

    /** @return the project a restore goes into, the only parent type of a deletable kind (a model's) */
    private static ResourceRef intoProject(long id) {
        if (id < 1) {
            throw new InvalidArgumentException("field 'into' must be a project id (a positive integer), got " + id);
        }
        return ResourceRef.of(PlatformSchema.type(PlatformSchema.PROJECT), Long.toString(id));
    }

    private static long parseLong(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("into must be a project id up to " + Long.MAX_VALUE + ", got '"
                    + shorten(digits) + "'");
        }
    }

    private Response purgeItem(Call call) {
        TrashItemId id = TrashItemId.parse(call.pathIds().get(0));
        Json.none(call.body());
        try {
            return Response.json(200, Json.purged(trash.purge(call.key().workspace(), id, call.key().actor())));
        } catch (HeldException e) { // SPEC R32: the item, or one nested in it, is held
            throw new HttpError(409, "held", e.getMessage(), Map.of());
        }
    }

    private Response emptyTrash(Call call) {
        Json.none(call.body());
        return Response.json(200, Json.emptied(trash.emptyTrash(call.key().workspace(), call.key().actor())));
    }

    private Response restoreItems(Call call) {
        List<TrashItemId> items = items(call.body());
        return Response.json(200, Json.bulk(trash.restoreAll(call.key().workspace(), items, call.key().actor()), true));
    }

    private Response purgeItems(Call call) {
        List<TrashItemId> items = items(call.body());
        return Response.json(200, Json.bulk(trash.purgeAll(call.key().workspace(), items, call.key().actor()), false));
    }

    /**
     * @return the trash item ids of a bulk body {@code {"items":["…", …]}}, in order; the library
     *     refuses more than {@link TrashManager#MAX_BULK} and duplicates
     */
    private static List<TrashItemId> items(byte[] body) {
        JsonNode array = Json.object(body, fields("items", FieldType.ARRAY)).array("items");
        if (array.isEmpty()) {
            throw new InvalidArgumentException("items must not be empty; give at least one trash item id (at most "
                    + TrashManager.MAX_BULK + ")");
        }
        List<TrashItemId> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (!element.isTextual()) {
                throw new InvalidArgumentException("items[" + i + "] must be a trash item id (a string), got "
                        + element.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            try {
                items.add(TrashItemId.parse(element.textValue()));
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("items[" + i + "]: " + e.getMessage());
            }
        }
        return items;
    }

    private Response hold(Call call) {
        TrashItemId id = TrashItemId.parse(call.pathIds().get(0));
        Json.Body body = Json.object(call.body(), fields("reason", FieldType.STRING));
        return Response.json(200, Json.item(trash.hold(call.key().workspace(), id, body.text("reason"),
                call.key().actor())));
    }

    private Response releaseHold(Call call) {
        TrashItemId id = TrashItemId.parse(call.pathIds().get(0));
        Json.none(call.body());
        return Response.json(200, Json.item(trash.releaseHold(call.key().workspace(), id, call.key().actor())));
    }

    // ---- the workspace's plan ----

    private Response plan(Call call) {
        Json.none(call.body());
        var workspace = call.key().workspace();
        return Response.json(200, Json.plan(workspace, platform.plan(workspace)));
    }

    private Response changePlan(Call call) {
        if (call.key().role() != Platform.Role.ADMIN) {
            throw new HttpError(403, "forbidden", "changing the plan of workspace " + call.key().workspace().value()
                    + " needs an admin's API key; the key of " + call.key().actor().value() + " is a member's",
                    Map.of());
        }
        Json.Body body = Json.object(call.body(), fields("plan", FieldType.STRING), fields("reapply", FieldType.BOOLEAN));
        Plan plan = Plan.of(body.text("plan"));
        boolean reapply = body.has("reapply") && body.bool("reapply");
        var workspace = call.key().workspace();
        return Response.json(200, Json.planChange(workspace, platform.changePlan(workspace, plan, reapply,
                call.key().actor())));
    }

    // ---- platform resources ----

    private Response listResources(Call call, ResourceTable kind) {
        Json.none(call.body());
        ObjectNode n = Json.node();
        var items = n.putArray("items");
        platform.list(call.key().workspace(), kind).forEach(r -> items.add(Json.resource(r)));
        return Response.json(200, n);
    }

    private Response deleteResource(Call call, ResourceTable kind) {
        long id = resourceId(call.pathIds().get(0), kind);
        Json.none(call.body());
        return Response.json(200, Json.item(platform.delete(call.key().workspace(), kind, id, call.key().actor())));
    }

    private Response createProject(Call call) {
        Json.Body body = Json.object(call.body(), fields("name", FieldType.STRING, "slug", FieldType.STRING));
        return Response.json(201, Json.resource(platform.createProject(call.key().workspace(), body.text("name"),
                body.text("slug"))));
    }

    private Response createModel(Call call) {
        long project = resourceId(call.pathIds().get(0), PlatformSchema.PROJECT);
        Json.Body body = Json.object(call.body(), fields("name", FieldType.STRING, "slug", FieldType.STRING,
                "weightsBytes", FieldType.LONG));
        return Response.json(201, Json.resource(platform.createModel(call.key().workspace(), project,
                body.text("name"), body.text("slug"), body.longValue("weightsBytes"))));
    }

    private Response createDataset(Call call) {
        Json.Body body = Json.object(call.body(), fields("name", FieldType.STRING, "slug", FieldType.STRING,
                "images", FieldType.INT, "imageBytes", FieldType.LONG));
        return Response.json(201, Json.resource(platform.createDataset(call.key().workspace(), body.text("name"),
                body.text("slug"), body.intValue("images"), body.longValue("imageBytes"))));
    }

    private static Map<String, FieldType> fields(Object... nameThenType) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameThenType.length; i += 2) {
            fields.put((String) nameThenType[i], (FieldType) nameThenType[i + 1]);
        }
        return fields;
    }

    private static long resourceId(String text, ResourceTable kind) {
        if (!RESOURCE_ID.matcher(text).matches()) {
            throw new InvalidArgumentException(PlatformSchema.type(kind) + " id must be a positive integer, got '"
                    + shorten(text) + "'");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(PlatformSchema.type(kind) + " id must be a positive integer up to "
                    + Long.MAX_VALUE + ", got '" + shorten(text) + "'");
        }
    }

    private static String deletableTypes() {
        return PlatformSchema.DELETABLE.stream().map(PlatformSchema::type).collect(Collectors.joining(", "));
    }
}
