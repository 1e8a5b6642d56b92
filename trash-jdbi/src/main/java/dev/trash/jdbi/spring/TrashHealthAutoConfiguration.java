package dev.trash.jdbi.spring;

import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration of the Trash's Actuator health indicator
 * ({@link TrashHealthIndicator}, contributor {@code trash}), when spring-boot-actuator is on the
 * class path. Off with {@code management.health.trash.enabled=false}. Stateless; used by Spring
 * while the context starts.
 */
@AutoConfiguration(after = {TrashAutoConfiguration.class, TrashSweeperAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(TrashManager.class)
@ConditionalOnProperty(prefix = "management.health.trash", name = "enabled", matchIfMissing = true)
public class TrashHealthAutoConfiguration {
    /** Made by Spring. */
    public TrashHealthAutoConfiguration() {
    }

    /**
     * {@return the health of the context's manager and of its sweeper, if this instance runs one}
     *
     * @param manager the trash manager
     * @param sweeper the sweeper, if the context has one
     */
    @Bean
    @ConditionalOnMissingBean(name = "trashHealthIndicator")
    public TrashHealthIndicator trashHealthIndicator(TrashManager manager, ObjectProvider<TrashSweeper> sweeper) {
        return new TrashHealthIndicator(manager, Optional.ofNullable(sweeper.getIfUnique()));
    }
}
