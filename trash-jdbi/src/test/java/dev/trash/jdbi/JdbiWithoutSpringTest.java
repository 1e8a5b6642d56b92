package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The optional integrations are optional: with no Spring jar on the class path (a class loader that
 * holds this module's classes and dependencies except {@code org.springframework}), the adapter
 * works exactly as before, Jdbi transactions included, and none of its Spring classes is loaded.
 */
class JdbiWithoutSpringTest {
    /** Loads every class itself (child first) from the test class path minus Spring; records what it loaded. */
    static final class NoSpringLoader extends URLClassLoader {
        final Set<String> loaded = ConcurrentHashMap.newKeySet();

        NoSpringLoader(URL[] urls) {
            super("no-spring", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = super.loadClass(name, resolve);
                    if (c.getClassLoader() == this) {
                        loaded.add(name);
                    }
                }
                return c;
            }
        }
    }

    static URL[] classPathWithoutSpring() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.replace('\\', '/').contains("/org/springframework/")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** What runs inside the class loader without Spring: the adapter's life cycle on H2, with a Jdbi transaction. */
    public static final class Run implements Callable<String> {
        @Override
        public String call() throws Exception {
            try (com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource()) {
                dataSource.setDriverClassName("org.h2.Driver"); // DriverManager does not see a driver of this loader
                dataSource.setJdbcUrl("jdbc:h2:mem:nospring");
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE folders (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                            + " name VARCHAR(255) NOT NULL, trash_item UUID)");
                    s.execute("CREATE INDEX folders_trash ON folders (trash_item)");
                    s.execute("INSERT INTO folders (id, workspace_id, name) VALUES ('f1', 'acme', 'F1'), ('f2', 'acme', 'F2')");
                }
                return lifeCycle(dataSource);
            }
        }

        private static String lifeCycle(javax.sql.DataSource dataSource) {
            JdbiTrash backend = JdbiTrash.create(dataSource, ResourceTable.of("folder", "folders")).createSchemaIfMissing();
            TrashManager trash = TrashManager.builder().backend(backend).build();
            WorkspaceId acme = WorkspaceId.of("acme");
            TrashItem item = trash.delete(acme, ResourceRef.of("folder", "f1"), ActorId.of("alice"));
            trash.restore(acme, item.id(), ActorId.of("alice"));
            Jdbi jdbi = backend.jdbi();
            try {
                jdbi.useTransaction(h -> {
                    h.execute("UPDATE folders SET name = 'renamed' WHERE id = 'f2'");
                    trash.delete(acme, ResourceRef.of("folder", "f2"), ActorId.of("alice"));
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // the Jdbi transaction rolled back the host's update and the delete
            }
            boolean activeInside = jdbi.inTransaction(h -> backend.isActive());
            TrashItem f2 = trash.delete(acme, ResourceRef.of("folder", "f2"), ActorId.of("alice"));
            Purged purged = trash.purge(acme, f2.id(), ActorId.of("alice"));
            String name = jdbi.withHandle(h -> h.createQuery("SELECT name FROM folders WHERE id = 'f1'").mapTo(String.class).one());
            return "restored " + name + ", active inside " + activeInside + ", purged " + purged.items()
                    + ", left " + trash.totals().items();
        }
    }

    @Test
    @DisplayName("without Spring on the class path JdbiTrash deletes, restores, joins Jdbi transactions and purges, loading no Spring class")
    void worksWithoutSpring() throws Exception {
        try (NoSpringLoader loader = new NoSpringLoader(classPathWithoutSpring())) {
            assertThatThrownBy(() -> Class.forName("org.springframework.jdbc.datasource.DataSourceUtils", false, loader))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> run = Class.forName(Run.class.getName(), true, loader);
            assertThat(run.getClassLoader()).isSameAs(loader);
            @SuppressWarnings("unchecked")
            Callable<String> task = (Callable<String>) run.getConstructor().newInstance();

            assertThat(task.call()).isEqualTo("restored F1, active inside true, purged 1, left 0");

            assertThat(loader.loaded).contains(JdbiTrash.class.getName(), "dev.trash.jdbi.FrameworkTransactions");
            assertThat(loader.loaded).noneMatch(n -> n.startsWith("org.springframework"))
                    .doesNotContain("dev.trash.jdbi.SpringTransactions")
                    .noneMatch(n -> n.startsWith("dev.trash.jdbi.spring.") || n.startsWith("dev.trash.jdbi.micrometer."));
        }
    }
}
