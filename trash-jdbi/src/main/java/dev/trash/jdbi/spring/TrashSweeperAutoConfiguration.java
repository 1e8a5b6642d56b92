package dev.trash.jdbi.spring;

import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration of the expiry sweeper (SPEC R17, R30): a {@link TrashSweeper} bean
 * with the {@code trash.sweeper.*} options, run by a {@link TrashSweeperLifecycle} that starts it
 * with the context and stops it gracefully before the {@code DataSource} closes. Off with
 * {@code trash.sweeper.enabled=false} (e.g. on instances that should not purge). Stateless; used
 * by Spring while the context starts.
 */
@AutoConfiguration(after = TrashAutoConfiguration.class)
@ConditionalOnBean(TrashManager.class)
@ConditionalOnProperty(prefix = "trash.sweeper", name = "enabled", matchIfMissing = true)
public class TrashSweeperAutoConfiguration {
    /** Made by Spring. */
    public TrashSweeperAutoConfiguration() {
    }

    /**
     * {@return the sweeper, with the {@code trash.sweeper.*} options}
     *
     * @param manager the trash manager
     * @param properties the {@code trash.*} configuration properties
     */
    @Bean
    @ConditionalOnMissingBean
    public TrashSweeper trashSweeper(TrashManager manager, TrashProperties properties) {
        return manager.sweeper(properties.getSweeper().toOptions());
    }

    /**
     * {@return what starts and stops the sweeper with the context}
     *
     * @param sweeper the sweeper
     * @param properties the {@code trash.*} configuration properties
     */
    @Bean
    @ConditionalOnMissingBean
    public TrashSweeperLifecycle trashSweeperLifecycle(TrashSweeper sweeper, TrashProperties properties) {
        return new TrashSweeperLifecycle(sweeper, properties.getSweeper().getShutdownTimeout());
    }
}
