package dev.trash.jdbi.spring;

import dev.trash.TrashManager;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.jdbi.ResourceTable;
import dev.trash.spi.ExpiryWarnings;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.RetentionPolicy;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashListener;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot auto-configuration of the Trash on the application's {@code DataSource}: when Jdbi
 * and spring-jdbc are on the class path, the context has one {@code DataSource} and at least one
 * {@link ResourceTable} bean, it makes
 * <ul>
 *   <li>the backend, {@link JdbiTrash#create(DataSource, java.util.Collection)} over every
 *       {@code ResourceTable} bean (in {@code @Order}; parents before children), after the
 *       database's initialization (Flyway, Liquibase, {@code schema.sql}), creating the library's
 *       schema first unless {@code trash.create-schema=false}; its calls join Spring's
 *       transactions (SPEC R27);</li>
 *   <li>the {@link TrashManager}, with {@code trash.retention}, the sweeper's batch size, lease and
 *       backoff for manual purges, a {@link Clock} bean if there is exactly one, every
 *       {@link PurgeHook} and {@link TrashListener} bean (in {@code @Order}), the
 *       {@link StorageLedger} bean if there is exactly one, the {@link RetentionPolicy} bean if
 *       there is exactly one (SPEC R36), the {@link ExpiryWarnings} bean if there is exactly one,
 *       told {@code trash.warn-before} (default 7 days) before each item's expiry (SPEC R39), then
 *       each {@link TrashManagerCustomizer}.</li>
 * </ul>
 * Each backs off when the host defines its own bean of that type (a host with its own
 * {@link TrashBackend} bean, e.g. the in-memory one, still gets the manager). The sweeper, the
 * metrics and the health indicator have their own auto-configurations
 * ({@link TrashSweeperAutoConfiguration}, {@link TrashMetricsAutoConfiguration},
 * {@link TrashHealthAutoConfiguration}). Stateless; used by Spring while the context starts.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
        "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration",
        "org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration"})
@ConditionalOnClass(name = {"org.jdbi.v3.core.Jdbi", "org.springframework.jdbc.datasource.DataSourceUtils"})
@EnableConfigurationProperties(TrashProperties.class)
public class TrashAutoConfiguration {
    /** Made by Spring. */
    public TrashAutoConfiguration() {
    }

    /** The Jdbi backend on the context's {@code DataSource} and {@code ResourceTable} beans. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(DataSource.class)
    @ConditionalOnBean(ResourceTable.class)
    @ConditionalOnMissingBean(TrashBackend.class)
    static class JdbiBackendConfiguration {
        @Bean
        @DependsOnDatabaseInitialization
        JdbiTrash trashBackend(DataSource dataSource, ObjectProvider<ResourceTable> tables, TrashProperties properties) {
            JdbiTrash backend = JdbiTrash.create(dataSource, tables.orderedStream().toList());
            if (properties.isCreateSchema()) {
                backend.createSchemaIfMissing();
            }
            return backend;
        }
    }

    /**
     * {@return the manager over the backend bean, built as the class comment says; {@code build()}
     *     checks the schema (SPEC R26), so a missing table fails the context's start by name}
     *
     * @param backend the backend that brings the store, resources and transactions
     * @param properties the {@code trash.*} configuration properties
     * @param clock the application's clock, if it has one; else the system UTC clock
     * @param hooks the application's purge hooks
     * @param ledger the application's storage ledger, if it has one
     * @param listeners the application's listeners
     * @param policy the application's retention policy, if it has one
     * @param warnings the application's expiry warnings, if it has some
     * @param customizers the application's customizers, applied in order
     */
    @Bean
    @ConditionalOnBean(TrashBackend.class)
    @ConditionalOnMissingBean
    public TrashManager trashManager(TrashBackend backend, TrashProperties properties, ObjectProvider<Clock> clock,
                                     ObjectProvider<PurgeHook> hooks, ObjectProvider<StorageLedger> ledger,
                                     ObjectProvider<TrashListener> listeners, ObjectProvider<RetentionPolicy> policy,
                                     ObjectProvider<ExpiryWarnings> warnings,
                                     ObjectProvider<TrashManagerCustomizer> customizers) {
        TrashManager.Builder builder = TrashManager.builder()
                .backend(backend)
                .retention(properties.getRetention())
                .purgeOptions(properties.getSweeper().toOptions());
        clock.ifUnique(builder::clock);
        hooks.orderedStream().forEach(builder::purgeHook);
        ledger.ifUnique(builder::storageLedger);
        listeners.orderedStream().forEach(builder::listener);
        policy.ifUnique(builder::retentionPolicy);
        warnings.ifUnique(w -> builder.expiryWarnings(properties.getWarnBefore(), w));
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }
}
