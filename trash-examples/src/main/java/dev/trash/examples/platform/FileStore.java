package dev.trash.examples.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The platform's stored files (model weights, training logs, exports, images, annotations) on local
 * disk under one folder: the external data that purge hooks delete. Paths in the database are
 * relative to the folder. Thread-safe: files are written once under unique paths, and deleting is
 * idempotent.
 */
final class FileStore {
    /** What the folder holds. */
    record Usage(long files, long bytes) {
    }

    private final Path root;

    FileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file store at " + this.root, e);
        }
    }

    /** @return the folder */
    Path root() {
        return root;
    }

    /**
     * Writes a file of exactly {@code bytes} bytes (deterministic content standing in for an upload)
     * at {@code relative}, creating its folders. Never overwrites: a file already there is an error.
     */
    void write(String relative, long bytes) {
        Path file = resolve(relative);
        byte[] chunk = new byte[64 * 1024];
        SplittableRandom random = new SplittableRandom(relative.hashCode());
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                for (long left = bytes; left > 0; left -= chunk.length) {
                    int n = (int) Math.min(chunk.length, left);
                    for (int i = 0; i < n; i += 8) {
                        long r = random.nextLong();
                        for (int j = 0; j < 8 && i + j < n; j++) {
                            chunk[i + j] = (byte) (r >>> (8 * j));
                        }
                    }
                    out.write(chunk, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Deletes the files at {@code relatives}, and the folders that become empty. A file already gone
     * is not an error (purge hooks are retried, so this must be idempotent).
     *
     * @throws UncheckedIOException if a file exists and cannot be deleted: the purge is retried later
     */
    void delete(Collection<String> relatives) {
        for (String relative : relatives) {
            Path file = resolve(relative);
            try {
                Files.deleteIfExists(file);
                for (Path dir = file.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (DirectoryNotEmptyException notEmpty) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file, e);
            }
        }
    }

    /** @return whether the file at {@code relative} exists */
    boolean exists(String relative) {
        return Files.exists(resolve(relative));
    }

    /** @return the number of files under the folder and their bytes */
    Usage usage() {
        try (Stream<Path> files = Files.walk(root)) {
            long[] sum = new long[2];
            files.filter(Files::isRegularFile).forEach(f -> {
                sum[0]++;
                try {
                    sum[1] += Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return new Usage(sum[0], sum[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + root, e);
        }
    }

    private Path resolve(String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("stored file path escapes the file store: " + relative);
        }
        return file;
    }
}
