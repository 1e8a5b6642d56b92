package dev.trash.examples.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The platform's HTTP server: Jetty 12's core API (no servlets) under {@link ApiServer}'s route
 * table and the Trash page. Everything about connections, threads, timeouts and sizes is decided
 * here; {@link ApiServer} sees an {@link Exchange} whose body has already been read, and answers a
 * {@link Reply}.
 *
 * <ul>
 * <li>Request bodies are read <em>asynchronously</em> (no thread waits for a slow body) into at most
 *     {@link ApiServer#MAX_BODY_BYTES} + 1 bytes; the rest, up to 1 MiB, is read and dropped so the
 *     client gets its 413; beyond that the connection is closed after the 413.</li>
 * <li>Headers are parsed by Jetty's selector, not by a worker: a client dribbling header bytes holds
 *     no thread; a request whose header is not complete {@link #HEADER_TIMEOUT_MS} after the
 *     connection opened (or after the previous answer) is cut, and request headers are at most
 *     {@link #MAX_HEADER_BYTES} bytes (431 beyond).</li>
 * <li>A connection silent for {@link #IDLE_TIMEOUT_MS} is closed; at most {@link #MAX_CONNECTIONS}
 *     connections are open at once (the next wait in the accept queue).</li>
 * <li>TCP_NODELAY on every accepted connection (Jetty's default, set explicitly): a keep-alive answer
 *     is not held back by Nagle's algorithm.</li>
 * <li>Workers: a pool of at most {@link #MAX_THREADS} threads; its queue is bounded by the connection limit.</li>
 * <li>Jetty's own error answers (a malformed request line, a header too large, ...) are JSON
 *     {@code {"status","error","message"}} with the status's standard reason as the message; no
 *     exception or class name ever reaches a client.</li>
 * <li>Stopping is graceful: requests in flight finish (up to {@link #STOP_TIMEOUT_MS}), new ones are
 *     refused, then every connection is closed.</li>
 * </ul>
 */
final class HttpFront implements AutoCloseable {
    static final int MAX_THREADS = 32;
    static final int MAX_CONNECTIONS = 512;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final long IDLE_TIMEOUT_MS = 10_000;
    static final long HEADER_TIMEOUT_MS = 10_000;
    static final long STOP_TIMEOUT_MS = 5_000;
    /** A too-large body up to this size is read and dropped so that the client gets the 413. */
    static final long MAX_DRAIN_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());
    /** Anything that looks like a Java class name (two dotted lower-case packages and a type). */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*\\b");

    /** What a request's body turned out to be once read. */
    enum BodyState { READ, TOO_LARGE, TOO_LARGE_UNREAD, UNREADABLE }

    /** Request and response headers, case-insensitive by name (the JDK HttpServer's shape). */
    static final class Headers {
        private final Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        /** @return every value of the header, or null if absent */
        List<String> get(String name) {
            return map.get(name);
        }

        String getFirst(String name) {
            List<String> values = map.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        void add(String name, String value) {
            map.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }

        void set(String name, String value) {
            map.put(name, new ArrayList<>(List.of(value)));
        }

        Map<String, List<String>> all() {
            return map;
        }
    }

    /** One request, its body read (or its problem known), and the headers of its answer. */
    static final class Exchange {
        private final String method;
        private final String rawPath;
        private final String rawQuery;
        private final Headers requestHeaders = new Headers();
        private final Headers responseHeaders = new Headers();
        private final byte[] body;
        private final BodyState bodyState;
        private final String bodyProblem;

        Exchange(String method, String rawPath, String rawQuery, byte[] body, BodyState bodyState, String bodyProblem) {
            this.method = method;
            this.rawPath = rawPath;
            this.rawQuery = rawQuery;
            this.body = body;
            this.bodyState = bodyState;
            this.bodyProblem = bodyProblem;
        }

        String getRequestMethod() {
            return method;
        }

        String rawPath() {
            return rawPath;
        }

        /** @return the raw (still percent-encoded) query, or null if none */
        String rawQuery() {
            return rawQuery;
        }

        Headers getRequestHeaders() {
            return requestHeaders;
        }

        Headers getResponseHeaders() {
            return responseHeaders;
        }

        byte[] body() {
            return body;
        }

        BodyState bodyState() {
            return bodyState;
        }

        /** @return why the body could not be read, in words fit for a client */
        String bodyProblem() {
            return bodyProblem;
        }
    }

    /** An answer: status, content type and body; its headers are the exchange's response headers. */
    record Reply(int status, String contentType, byte[] body) {
    }

    private final Server server;
    private final ServerConnector connector;

    private HttpFront(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts a server on {@code address} answering every request with {@code app}.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    static HttpFront start(InetSocketAddress address, Function<Exchange, Reply> app) {
        Objects.requireNonNull(app, "app");
        // Its queue is bounded by the connections: at most MAX_CONNECTIONS requests can be waiting.
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
        threads.setName("trash-api");
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(MAX_HEADER_BYTES);
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setSendDateHeader(true);
        // The API's router answers paths like /api//trash itself (404), as it always did.
        config.setUriCompliance(UriCompliance.DEFAULT.with("trash", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptedTcpNoDelay(true);
        connector.setAcceptQueueSize(128);
        connector.addBean(new HeaderTimeout(connector.getScheduler()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        GracefulHandler graceful = new GracefulHandler(new AppHandler(app));
        server.setHandler(graceful);
        server.setStopTimeout(STOP_TIMEOUT_MS);
        server.setStopAtShutdown(false);
        server.setErrorHandler(new JsonErrors());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing more to free
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + address, io);
            }
            throw new UncheckedIOException("cannot listen on " + address, new IOException(e.getMessage(), e));
        }
        return new HttpFront(server, connector);
    }

    int port() {
        return connector.getLocalPort();
    }

    boolean tcpNoDelay() {
        return connector.getAcceptedTcpNoDelay();
    }

    /** Stops gracefully: requests in flight finish (up to {@link #STOP_TIMEOUT_MS}), then connections close. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "the HTTP server did not stop cleanly", e);
        }
    }

    /** @return the message with anything looking like a class name replaced */
    static String scrub(String message) {
        return message == null ? null : CLASS_NAME.matcher(message).replaceAll("a value");
    }

    /** Reads the body without holding a thread, then runs the app on a worker and writes its reply. */
    private static final class AppHandler extends org.eclipse.jetty.server.Handler.Abstract {
        private final Function<Exchange, Reply> app;

        AppHandler(Function<Exchange, Reply> app) {
            super(InvocationType.BLOCKING);
            this.app = app;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long length = request.getLength();
            if (length > MAX_DRAIN_BYTES) {
                answer(request, response, callback, new byte[0], BodyState.TOO_LARGE_UNREAD, null);
                return true;
            }
            new BodyReader(request, response, callback).run();
            return true;
        }

        private final class BodyReader implements Runnable {
            private final Request request;
            private final Response response;
            private final Callback callback;
            private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
            private long read;

            BodyReader(Request request, Response response, Callback callback) {
                this.request = request;
                this.response = response;
                this.callback = callback;
            }

            @Override
            public void run() {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        String problem = chunk.getFailure() instanceof java.util.concurrent.TimeoutException
                                ? "the client sent it too slowly" : "malformed or incomplete body";
                        answer(request, response, callback, new byte[0], BodyState.UNREADABLE, problem);
                        return;
                    }
                    ByteBuffer buffer = chunk.getByteBuffer();
                    int n = buffer.remaining();
                    read += n;
                    if (kept.size() <= ApiServer.MAX_BODY_BYTES) {
                        int take = (int) Math.min(n, ApiServer.MAX_BODY_BYTES + 1L - kept.size());
                        byte[] bytes = new byte[take];
                        buffer.get(bytes);
                        kept.write(bytes, 0, take);
                    }
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (read > MAX_DRAIN_BYTES) {
                        answer(request, response, callback, new byte[0], BodyState.TOO_LARGE_UNREAD, null);
                        return;
                    }
                    if (last) {
                        byte[] body = kept.toByteArray();
                        answer(request, response, callback, body,
                                body.length > ApiServer.MAX_BODY_BYTES ? BodyState.TOO_LARGE : BodyState.READ, null);
                        return;
                    }
                }
            }
        }

        private void answer(Request request, Response response, Callback callback, byte[] body, BodyState state,
                            String problem) {
            Exchange exchange = new Exchange(request.getMethod(), request.getHttpURI().getPath(),
                    request.getHttpURI().getQuery(), body, state, problem);
            for (HttpField field : request.getHeaders()) {
                exchange.getRequestHeaders().add(field.getName(), field.getValue());
            }
            Reply reply;
            try {
                reply = app.apply(exchange);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "request " + request.getMethod() + " failed", e);
                reply = new Reply(500, ApiServer.JSON, Json.bytes(Json.error(500, "internal",
                        "the server failed to handle the request; it has been logged")));
            }
            response.setStatus(reply.status());
            exchange.getResponseHeaders().all().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
            if (state == BodyState.TOO_LARGE_UNREAD || state == BodyState.UNREADABLE) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
            if (request.getMethod().equals("HEAD")) {
                response.write(true, null, callback);
            } else {
                response.write(true, ByteBuffer.wrap(reply.body()), callback);
            }
        }
    }

    /** Jetty's own errors (bad request lines, oversized headers, ...) as the API's JSON errors. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus();
            Object attribute = request.getAttribute(ErrorHandler.ERROR_STATUS);
            if (attribute instanceof Integer code) {
                status = code;
            }
            if (status < 400) {
                status = 500;
            }
            String reason = HttpStatus.getMessage(status);
            String code = switch (status) {
                case 400 -> "invalid_argument";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 408 -> "timeout";
                case 413 -> "payload_too_large";
                case 431 -> "headers_too_large";
                case 500 -> "internal";
                case 503 -> "unavailable";
                default -> reason.toLowerCase(Locale.ROOT).replace(' ', '_');
            };
            String message = switch (status) {
                case 431 -> "request headers are larger than " + MAX_HEADER_BYTES + " bytes";
                case 500 -> "the server failed to handle the request; it has been logged";
                default -> reason.toLowerCase(Locale.ROOT);
            };
            byte[] body = Json.bytes(Json.error(status, code, message));
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiServer.JSON);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    /**
     * Cuts a connection whose request header is not complete {@link #HEADER_TIMEOUT_MS} after it
     * opened: the idle timeout alone lets a client that sends one byte every few seconds keep a
     * connection for hours. (Later requests on a keep-alive connection are bounded by the idle
     * timeout and the header size.)
     */
    private static final class HeaderTimeout implements Connection.Listener {
        private final Scheduler scheduler;

        HeaderTimeout(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public void onOpened(Connection connection) {
            { // every connection of this connector is a plain HTTP/1.1 one
                Connection http = connection;
                scheduler.schedule(() -> {
                    if (http.getMessagesIn() == 0 && http.getEndPoint().isOpen()) {
                        LOG.log(System.Logger.Level.DEBUG, "closing a connection whose first request header took over "
                                + HEADER_TIMEOUT_MS + " ms");
                        http.getEndPoint().close();
                    }
                }, HEADER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void onClosed(Connection connection) {
            // nothing to cancel: the task finds the connection closed
        }
    }

    /** Turns text into UTF-8 bytes. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
