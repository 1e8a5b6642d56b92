package dev.trash.jdbi.spring;

import static dev.trash.jdbi.spring.FolderApp.ACME;
import static dev.trash.jdbi.spring.FolderApp.ALICE;
import static dev.trash.jdbi.spring.FolderApp.folder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trash.ConfigurationException;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.jdbi.micrometer.TrashMetrics;
import dev.trash.memory.InMemoryTrash;
import dev.trash.memory.ManualClock;
import dev.trash.spi.HostResource;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Spring Boot auto-configuration on H2: what it makes from the host's beans and the
 * {@code trash.*} properties, when it backs off, the metrics in the application's registry and the
 * Actuator health (SPEC R30, R31), and the configuration metadata it ships.
 */
class TrashAutoConfigurationTest {
    private final List<SpringDatabase.Fresh> made = new CopyOnWriteArrayList<>();

    @AfterEach
    void drop() {
        made.forEach(SpringDatabase.Fresh::close);
    }

    private static final AutoConfigurations TRASH = AutoConfigurations.of(TrashAutoConfiguration.class,
            TrashSweeperAutoConfiguration.class, TrashMetricsAutoConfiguration.class, TrashHealthAutoConfiguration.class);

    private ApplicationContextRunner app(String... properties) {
        SpringDatabase.Fresh db = SpringDatabase.H2.fresh();
        made.add(db);
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, SqlInitializationAutoConfiguration.class,
                        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class))
                .withConfiguration(TRASH)
                .withPropertyValues(db.properties(properties));
    }

    /** A ledger bean and a customizer bean, picked up by the auto-configuration. */
    @Configuration(proxyBeanMethods = false)
    static class Extras {
        final Map<String, Long> freed = new HashMap<>();
        final List<String> customized = new CopyOnWriteArrayList<>();

        @Bean
        StorageLedger ledger() {
            return (workspace, item, bytes) -> freed.merge(workspace.value(), bytes, Long::sum);
        }

        @Bean
        TrashManagerCustomizer customizer() {
            return builder -> customized.add("customized");
        }
    }

    /** A plan of 90 days for every workspace, and an inbox for expiry warnings, as beans. */
    @Configuration(proxyBeanMethods = false)
    static class PolicyAndWarnings {
        final List<TrashItem> warned = new CopyOnWriteArrayList<>();

        @Bean
        dev.trash.spi.RetentionPolicy plans() {
            return (workspace, type, dflt) -> Duration.ofDays(90);
        }

        @Bean
        dev.trash.spi.ExpiryWarnings inbox() {
            return warned::addAll;
        }
    }

    @Test
    @DisplayName("R36 R39 a RetentionPolicy bean gives the retention; an ExpiryWarnings bean is told trash.warn-before ahead")
    void policyAndWarningBeans() {
        app("trash.warn-before=3d", "trash.sweeper.enabled=false").withUserConfiguration(FolderApp.class,
                PolicyAndWarnings.class).run(context -> {
            assertThat(context).hasNotFailed();
            TrashManager trash = context.getBean(TrashManager.class);
            FolderApp.seed(context.getBean(JdbcTemplate.class), "f1", 1);
            TrashItem item = trash.delete(ACME, folder("f1"), ALICE);
            assertThat(item.expiresAt()).isEqualTo(FolderApp.START.plus(Duration.ofDays(90)));
            TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
            context.getBean(ManualClock.class).advance(Duration.ofDays(86));
            sweeper.sweepOnce();
            assertThat(context.getBean(PolicyAndWarnings.class).warned).as("4 days ahead: not yet").isEmpty();
            context.getBean(ManualClock.class).advance(Duration.ofDays(1));
            sweeper.sweepOnce();
            assertThat(context.getBean(PolicyAndWarnings.class).warned).extracting(TrashItem::id).containsExactly(item.id());
        });
    }

    /** Only the host's tables, nothing that needs the Trash. */
    @Configuration(proxyBeanMethods = false)
    static class TablesOnly {
        @Bean
        dev.trash.jdbi.ResourceTable folders() {
            return new FolderApp().folders();
        }
    }

    @Test
    @DisplayName("from ResourceTable beans it makes the backend (schema created), the manager with the beans and properties, and a running sweeper")
    void makesEverything() {
        app("trash.retention=7d", "trash.sweeper.batch-size=5")
                .withUserConfiguration(FolderApp.class, Extras.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbiTrash.class).hasSingleBean(TrashManager.class)
                            .hasSingleBean(TrashSweeper.class).hasSingleBean(TrashSweeperLifecycle.class)
                            .hasSingleBean(TrashMetrics.class).hasSingleBean(TrashHealthIndicator.class);
                    assertThat(context.getBean(TrashSweeperLifecycle.class).isRunning()).isTrue();
                    assertThat(context.getBean(TrashSweeper.class).isRunning()).isTrue();
                    TrashManager trash = context.getBean(TrashManager.class);
                    assertThat(trash.types()).containsOnlyKeys("folder", "document");
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    FolderApp.seed(jdbc, "f1", 1);
                    ManualClock clock = context.getBean(ManualClock.class);

                    TrashItem item = trash.delete(ACME, folder("f1"), ALICE);
                    assertThat(item.deletedAt()).as("the Clock bean").isEqualTo(FolderApp.START);
                    assertThat(item.expiresAt()).as("trash.retention").isEqualTo(FolderApp.START.plus(Duration.ofDays(7)));
                    assertThat(context.getBean(FolderApp.Recorder.class).events).as("the listener bean").hasSize(1);
                    trash.purge(ACME, item.id(), ALICE);
                    assertThat(context.getBean(FolderApp.Hook.class).purged).as("the hook bean").containsExactly(item.id());
                    assertThat(context.getBean(Extras.class).freed).as("the ledger bean").containsEntry("acme", 110L);
                    assertThat(context.getBean(Extras.class).customized).containsExactly("customized");
                    assertThat(clock.instant()).isEqualTo(FolderApp.START);
                });
    }

    @Test
    @DisplayName("R31 the metrics are in the application's MeterRegistry, counting what the manager did, with no workspace tag")
    void metricsInTheRegistry() {
        app("trash.metrics.cache-for=0s").withUserConfiguration(FolderApp.class).run(context -> {
            assertThat(context).hasNotFailed();
            TrashManager trash = context.getBean(TrashManager.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            awaitFirstSweep(context.getBean(TrashSweeper.class));
            FolderApp.seed(jdbc, "f1", 2);
            FolderApp.seed(jdbc, "f2", 0);
            FolderApp.seed(jdbc, "f3", 0);
            TrashItem f1 = trash.delete(ACME, folder("f1"), ALICE);
            TrashItem f2 = trash.delete(ACME, folder("f2"), ALICE);
            trash.delete(ACME, folder("f3"), ALICE);
            trash.restore(ACME, f2.id(), ALICE);
            context.getBean(FolderApp.Hook.class).plan.set(t -> {
                throw new IllegalStateException("storage down");
            });
            trash.purge(ACME, f1.id(), ALICE);

            assertThat(registry.get("trash.deletes").tag("type", "folder").functionCounter().count()).isEqualTo(3);
            assertThat(registry.get("trash.restores").tag("type", "folder").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("trash.purge.failures").tag("type", "folder").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("trash.items").tag("state", "listed").gauge().value()).as("f3").isEqualTo(1);
            assertThat(registry.get("trash.bytes").tag("state", "listed").gauge().value()).isEqualTo(100);
            assertThat(registry.get("trash.items").tag("state", "purging").gauge().value()).as("f1").isEqualTo(1);
            assertThat(registry.get("trash.bytes").tag("state", "purging").gauge().value()).isEqualTo(120);
            assertThat(registry.get("trash.retrying").gauge().value()).isEqualTo(1);
            context.getBean(ManualClock.class).advance(Duration.ofMinutes(3));
            assertThat(registry.get("trash.purge.lag").timeGauge().value(TimeUnit.SECONDS)).as("due 2 minutes ago")
                    .isEqualTo(120);
            assertThat(registry.find("trash.sweeps").timers()).as("one per outcome").hasSize(3);
            assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("trash."))
                    .allSatisfy(m -> assertThat(m.getId().getTag("workspace")).isNull());
        });
    }

    @Test
    @DisplayName("R31 health: UP with the sweeper's last sweep, the failing hook as last error and the items retrying; DOWN once the sweeper stopped")
    void healthAfterAFailingHook() {
        app("trash.sweeper.interval=1d").withUserConfiguration(FolderApp.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(HealthContributorRegistry.class).getContributor("trash"))
                    .as("registered as the 'trash' contributor").isInstanceOf(TrashHealthIndicator.class);
            HealthIndicator health = context.getBean(TrashHealthIndicator.class);
            TrashManager trash = context.getBean(TrashManager.class);
            TrashSweeper sweeper = context.getBean(TrashSweeper.class);
            // The lifecycle's start-up sweep runs on its own thread; a late one would overwrite lastResult.
            awaitFirstSweep(sweeper);
            FolderApp.seed(context.getBean(JdbcTemplate.class), "f1", 1);
            trash.delete(ACME, folder("f1"), ALICE);
            context.getBean(FolderApp.Hook.class).plan.set(t -> {
                throw new IllegalStateException("storage down");
            });
            context.getBean(ManualClock.class).advance(Duration.ofDays(31));
            sweeper.sweepOnce();

            Health h = health.health();
            assertThat(h.getStatus()).as("a failing hook is retried, not an outage").isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("retrying", 1L).containsEntry("items", 0L)
                    .containsEntry("purgeLag", "PT0S");
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) h.getDetails().get("sweeper");
            assertThat(s).containsEntry("running", true).containsKey("lastSweepAt").containsKey("lastErrorAt");
            assertThat((String) s.get("lastError")).contains("FolderApp$Hook").contains("storage down");
            assertThat(s.get("lastResult")).isEqualTo(Map.of("items", 0L, "bytes", 0L, "retrying", 1L));

            context.getBean(TrashSweeperLifecycle.class).stop();
            assertThat(health.health().getStatus()).as("the sweeper this instance should run is not running")
                    .isEqualTo(Status.DOWN);
        });
    }

    /** Waits (up to a minute) for the scheduled start-up sweep to finish, so no other sweep runs for a day. */
    private static void awaitFirstSweep(TrashSweeper sweeper) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (sweeper.status().lastSweepAt().isEmpty()) {
            assertThat(System.nanoTime()).as("waiting for the start-up sweep").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    @DisplayName("R31 health without a sweeper on this instance is UP and says so")
    void healthWithoutSweeper() {
        app("trash.sweeper.enabled=false").withUserConfiguration(FolderApp.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(TrashSweeper.class)
                    .doesNotHaveBean(TrashSweeperLifecycle.class);
            Health h = context.getBean(TrashHealthIndicator.class).health();
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat((String) h.getDetails().get("sweeper")).contains("trash.sweeper.enabled=false");
        });
    }

    @Test
    @DisplayName("R26 with trash.create-schema=false and no trash_item table the context fails to start, saying how to create it")
    void missingSchemaFailsTheStart() {
        app("trash.create-schema=false").withUserConfiguration(FolderApp.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("trash_item").hasMessageContaining("createSchemaIfMissing");
        });
    }

    @Test
    @DisplayName("without ResourceTable beans, without Jdbi, without Micrometer or Actuator, the matching beans back off")
    void backsOff() {
        app().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TrashBackend.class)
                .doesNotHaveBean(TrashManager.class).doesNotHaveBean(TrashSweeper.class));
        app().withUserConfiguration(TablesOnly.class).withClassLoader(new FilteredClassLoader(Jdbi.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TrashManager.class));
        app().withUserConfiguration(FolderApp.class).withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(TrashManager.class)
                        .doesNotHaveBean(TrashMetrics.class));
        app().withUserConfiguration(FolderApp.class).withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(TrashManager.class)
                        .doesNotHaveBean(TrashHealthIndicator.class));
        app("trash.metrics.enabled=false", "management.health.trash.enabled=false").withUserConfiguration(FolderApp.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TrashMetrics.class)
                        .doesNotHaveBean(TrashHealthIndicator.class));
    }

    /** A host with a backend of its own: the in-memory one, as in a unit test. */
    @Configuration(proxyBeanMethods = false)
    static class OwnBackend {
        @Bean
        InMemoryTrash backend() {
            InMemoryTrash memory = InMemoryTrash.create(ResourceType.of("folder"));
            memory.resources().add(HostResource.root(ResourceRef.of("folder", "f1"), ACME, "F1", "f1", 1));
            return memory;
        }
    }

    @Test
    @DisplayName("a host's own TrashBackend bean (the in-memory one) gets the manager and sweeper, no Jdbi backend")
    void ownBackend() {
        app("trash.sweeper.interval=1d").withUserConfiguration(OwnBackend.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JdbiTrash.class).hasSingleBean(TrashManager.class)
                    .hasSingleBean(TrashSweeper.class);
            TrashItem item = context.getBean(TrashManager.class).delete(ACME, ResourceRef.of("folder", "f1"), ALICE);
            assertThat(context.getBean(TrashManager.class).get(ACME, item.id())).isPresent();
        });
    }

    @Test
    @DisplayName("the configuration metadata lists every trash.* property with a description and the library's defaults")
    void configurationMetadata() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, JsonNode> byName = new HashMap<>();
        metadata.get("properties").forEach(p -> byName.put(p.get("name").asText(), p));
        assertThat(byName).containsOnlyKeys("trash.retention", "trash.warn-before", "trash.create-schema", "trash.sweeper.enabled",
                "trash.sweeper.interval", "trash.sweeper.batch-size", "trash.sweeper.lease",
                "trash.sweeper.initial-backoff", "trash.sweeper.max-backoff", "trash.sweeper.shutdown-timeout",
                "trash.metrics.enabled", "trash.metrics.cache-for", "management.health.trash.enabled");
        assertThat(byName.values()).allSatisfy(p -> assertThat(p.path("description").asText()).isNotBlank());
        SweeperOptions defaults = SweeperOptions.defaults();
        assertThat(byName.get("trash.retention").get("defaultValue").asText()).isEqualTo("30d");
        assertThat(Duration.ofDays(30)).isEqualTo(TrashManager.DEFAULT_RETENTION);
        assertThat(byName.get("trash.sweeper.batch-size").get("defaultValue").asInt()).isEqualTo(defaults.batchSize());
        assertThat(byName.get("trash.sweeper.interval").get("defaultValue").asText()).isEqualTo("1d");
        assertThat(defaults.interval()).isEqualTo(Duration.ofDays(1));
        assertThat(byName.get("trash.sweeper.lease").get("defaultValue").asText()).isEqualTo("10m");
        assertThat(defaults.lease()).isEqualTo(Duration.ofMinutes(10));
        assertThat(byName.get("trash.sweeper.initial-backoff").get("defaultValue").asText()).isEqualTo("1m");
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(byName.get("trash.sweeper.max-backoff").get("defaultValue").asText()).isEqualTo("6h");
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofHours(6));
        TrashProperties properties = new TrashProperties();
        assertThat(properties.getSweeper().toOptions()).isEqualTo(defaults);
        assertThat(properties.getRetention()).isEqualTo(TrashManager.DEFAULT_RETENTION);
    }
}
