package dev.trash.examples.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The command line of the reference platform: {@code demo} (the default) prints the walkthrough;
 * {@code serve} starts the HTTP API. The README's run and serve commands call it through
 * {@code exec:java}. Folders default to the module's {@code target} folder (system property
 * {@code trash.examples.dir}, set by the module's pom), else {@code ./target}. Stateless; each call of
 * {@link #run} works on its own.
 */
public final class Main {
    static final String USAGE = """
            usage: demo  [--data DIR] [--jdbc-url URL] [--svg FILE]
                   serve [--data DIR] [--jdbc-url URL] [--port N] [--bind ADDRESS]
              --data      folder of the stored files and of the embedded H2 database
                          (demo: <target>/trash-demo, emptied first; serve: <target>/trash-server, kept)
              --jdbc-url  use this database instead of the embedded H2 (e.g. jdbc:postgresql://host/db?user=u&password=p)
              --svg       where the demo writes the treemap (default <target>/trash-treemap.svg)
              --port      the HTTP port (default 8080; 0 picks a free one)
              --bind      the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)""";

    /** Marks a folder the demo made, so that a later run may empty it. */
    static final String DEMO_MARKER = ".trash-demo";

    private Main() {
    }

    /** Runs {@code demo} or {@code serve}; exits with status 2 on a bad command line. */
    public static void main(String[] args) throws Exception {
        try {
            run(args, System.out);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Runs the command line {@code args}, printing to {@code out}. */
    static void run(String[] args, PrintStream out) throws Exception {
        List<String> words = new ArrayList<>(List.of(args));
        String command = !words.isEmpty() && !words.get(0).startsWith("--") ? words.remove(0) : "demo";
        Path target = Path.of(System.getProperty("trash.examples.dir", "target"));
        switch (command) {
            case "demo" -> {
                Map<String, String> options = options(words, Set.of("--data", "--jdbc-url", "--svg"));
                Path data = Path.of(options.getOrDefault("--data", target.resolve("trash-demo").toString()));
                Path svg = Path.of(options.getOrDefault("--svg", target.resolve("trash-treemap.svg").toString()));
                Demo.run(out, prepareDemoFolder(data), Optional.ofNullable(options.get("--jdbc-url")), svg);
            }
            case "serve" -> {
                Map<String, String> options = options(words, Set.of("--data", "--jdbc-url", "--port", "--bind"));
                Path data = Path.of(options.getOrDefault("--data", target.resolve("trash-server").toString()));
                int port = port(options.getOrDefault("--port", "8080"));
                InetAddress bind = address(options.getOrDefault("--bind", "127.0.0.1"));
                try (Server server = Server.start(data, Optional.ofNullable(options.get("--jdbc-url")), bind, port, out)) {
                    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "trash-platform-shutdown"));
                    server.awaitClose();
                }
            }
            case "help", "--help" -> out.println(USAGE);
            default -> throw new UsageException("unknown command '" + command + "'");
        }
    }

    private static Map<String, String> options(List<String> words, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < words.size(); i += 2) {
            String option = words.get(i);
            if (!known.contains(option)) {
                throw new UsageException("unknown option '" + option + "'");
            }
            if (i + 1 >= words.size() || words.get(i + 1).isBlank()) {
                throw new UsageException("option " + option + " needs a value");
            }
            if (options.put(option, words.get(i + 1)) != null) {
                throw new UsageException("option " + option + " given twice");
            }
        }
        return options;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port must be 0 to 65535, got '" + text + "'");
    }

    private static InetAddress address(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]+|localhost")) {
            throw new UsageException("--bind must be an IP address or localhost, got '" + text + "'");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind must be an IP address or localhost, got '" + text + "'");
        }
    }

    /**
     * Empties the demo's folder if an earlier demo made it, so that every run starts fresh; refuses
     * a folder with other content rather than deleting it.
     */
    static Path prepareDemoFolder(Path data) throws IOException {
        if (Files.isDirectory(data) && Files.exists(data.resolve(DEMO_MARKER))) {
            try (Stream<Path> walk = Files.walk(data)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else if (Files.exists(data)) {
            try (Stream<Path> entries = Files.list(data)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("the demo's data folder " + data.toAbsolutePath()
                            + " holds files the demo did not make; give an empty or new folder with --data");
                }
            } catch (IOException e) {
                throw new UsageException("the demo's data folder " + data.toAbsolutePath() + " is not a folder");
            }
        }
        Files.createDirectories(data);
        Files.createFile(data.resolve(DEMO_MARKER));
        return data;
    }

    /** A bad command line. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

}
