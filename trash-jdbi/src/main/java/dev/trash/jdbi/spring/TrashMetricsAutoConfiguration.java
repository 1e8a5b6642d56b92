package dev.trash.jdbi.spring;

import dev.trash.TrashManager;
import dev.trash.jdbi.micrometer.TrashMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration of the Trash's Micrometer metrics (SPEC R31): a
 * {@link TrashMetrics} bean, which the auto-configured manager takes as a listener (counters,
 * sweep timer) and which Boot binds to the application's {@code MeterRegistry} as a
 * {@code MeterBinder} (gauges), when micrometer-core is on the class path. Off with
 * {@code trash.metrics.enabled=false}. A host that builds its own manager adds this bean to it as
 * a listener for the counters. Stateless; used by Spring while the context starts.
 */
@AutoConfiguration(after = TrashAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(TrashManager.class)
@ConditionalOnProperty(prefix = "trash.metrics", name = "enabled", matchIfMissing = true)
public class TrashMetricsAutoConfiguration {
    /** Made by Spring. */
    public TrashMetricsAutoConfiguration() {
    }

    /**
     * {@return the metrics of the context's manager, asked for lazily (the manager takes them as a listener)}
     *
     * @param manager the trash manager, if the context has one
     * @param properties the {@code trash.*} configuration properties
     */
    @Bean
    @ConditionalOnMissingBean
    public TrashMetrics trashMetrics(ObjectProvider<TrashManager> manager, TrashProperties properties) {
        return TrashMetrics.create().cacheFor(properties.getMetrics().getCacheFor()).watch(manager::getObject);
    }
}
