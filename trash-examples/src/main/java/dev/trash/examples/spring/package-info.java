/**
 * The Trash in a Spring Boot application, wired by trash-jdbi's auto-configuration:
 * {@link dev.trash.examples.spring.SpringExample} starts it, {@link dev.trash.examples.spring.FolderService}
 * mixes the host's SQL with Trash calls in {@code @Transactional} methods, and
 * {@code Walkthrough} shows what that gives.
 */
package dev.trash.examples.spring;
