/**
 * The implementation of the {@link dev.trash.TrashManager} and its sweeper. Public only so that
 * the API's records can share checks; nothing here is API and it may change in any release.
 */
package dev.trash.internal;
