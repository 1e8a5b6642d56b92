package dev.trash.examples.platform;

import dev.trash.examples.platform.HttpFront.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The Trash page (SPEC R43): plain HTML, CSS and JavaScript bundled as resources and served at
 * {@code /settings/trash}; {@code /trash} redirects there. The page asks for nothing
 * from any other host (its Content-Security-Policy says so to the browser) and talks to the API of
 * the same server with the API key the user signs in with (kept in sessionStorage).
 */
final class TrashPage {
    static final String PATH = "/settings/trash";
    private static final String RESOURCES = "/dev/trash/examples/platform/page/";
    /** Path to resource name and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            PATH, new String[] {"index.html", "text/html; charset=utf-8"},
            PATH + "/trash.css", new String[] {"trash.css", "text/css; charset=utf-8"},
            PATH + "/trash.js", new String[] {"trash.js", "text/javascript; charset=utf-8"},
            PATH + "/favicon.svg", new String[] {"favicon.svg", "image/svg+xml; charset=utf-8"});
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> bytes = new java.util.HashMap<>();

    TrashPage() {
        FILES.forEach((path, file) -> bytes.put(path, load(file[0])));
    }

    private static byte[] load(String name) {
        try (InputStream in = TrashPage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the path is the page's (or a redirect to it); everything else is the API's */
    boolean serves(String path) {
        return path.equals("/trash") || path.equals("/trash/") || path.equals("/settings")
                || path.equals("/settings/") || path.equals(PATH + "/") || FILES.containsKey(path);
    }

    HttpFront.Reply answer(Exchange exchange) {
        String path = exchange.rawPath();
        String method = exchange.getRequestMethod();
        var headers = exchange.getResponseHeaders();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            headers.set("Allow", "GET, HEAD");
            return new HttpFront.Reply(405, ApiServer.JSON, Json.bytes(Json.error(405, "method_not_allowed",
                    method + " is not allowed on " + path + "; allowed: GET, HEAD")));
        }
        if (!FILES.containsKey(path)) {
            headers.set("Location", PATH);
            return new HttpFront.Reply(302, "text/plain; charset=utf-8", HttpFront.utf8("see " + PATH + "\n"));
        }
        headers.set("Cache-Control", "no-cache");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", CSP);
        return new HttpFront.Reply(200, FILES.get(path)[1], bytes.get(path));
    }
}
