package dev.trash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.spi.SlugTakenException;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The library's exceptions by what a caller can do (issue 10): one abstract base, every public
 * exception of trash-core below it, whatever package it lives in.
 */
class ExceptionsTest {
    /** @return every public class of trash-core's main code (its class directory or jar) that is a Throwable */
    private static List<Class<?>> publicThrowables() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(TrashException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(root).as("trash-core's classes as a directory").isDirectory();
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, ExceptionsTest.class.getClassLoader());
                if (Throwable.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    @Test
    @DisplayName("TrashException is abstract, and every public exception of the library is one, SlugTakenException included")
    void oneAbstractBase() throws Exception {
        assertThat(Modifier.isAbstract(TrashException.class.getModifiers())).isTrue();
        assertThat(RuntimeException.class).isAssignableFrom(TrashException.class);

        List<Class<?>> all = publicThrowables();

        assertThat(all).containsExactlyInAnyOrder(TrashException.class, InvalidArgumentException.class,
                NotFoundException.class, ExpiredException.class, ConflictException.class, ParentInTrashException.class,
                HeldException.class, RetryableException.class, BackendException.class, ConfigurationException.class, SlugTakenException.class);
        assertThat(all).allSatisfy(type -> assertThat(TrashException.class).as(type.getName()).isAssignableFrom(type));
        assertThat(ConflictException.class).isAssignableFrom(ParentInTrashException.class);
        assertThat(ConflictException.class).isAssignableFrom(HeldException.class);
        assertThat(ConflictException.class.isAssignableFrom(RetryableException.class))
                .as("a race worth retrying is not a conflict").isFalse();
        assertThat(new SlugTakenException("slug 'a' taken", null)).isInstanceOf(TrashException.class);
        assertThat(new BackendException("connection lost", new IOException("reset")).getCause()).isInstanceOf(IOException.class);
    }
}
