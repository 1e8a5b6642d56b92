/**
 * Spring support of trash-jdbi (SPEC R27, R30, R31): Spring's transactions joined by the adapter
 * ({@link dev.trash.jdbi.spring.SpringConnectionFactory}; {@link dev.trash.jdbi.JdbiTrash} uses it
 * by itself when spring-jdbc is on the class path), and the Spring Boot auto-configuration
 * ({@link dev.trash.jdbi.spring.TrashAutoConfiguration} and its siblings, {@code trash.*}
 * properties in {@link dev.trash.jdbi.spring.TrashProperties}): the manager, the sweeper as a
 * lifecycle bean, the Micrometer metrics and the Actuator health indicator. Needs spring-jdbc (and
 * for the auto-configuration spring-boot-autoconfigure, for the health spring-boot-actuator), which
 * are optional dependencies of trash-jdbi: nothing here is loaded without them.
 */
package dev.trash.jdbi.spring;
