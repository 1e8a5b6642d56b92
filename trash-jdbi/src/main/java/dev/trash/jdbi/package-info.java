/**
 * The Jdbi 3 adapter of trash: trash-item store, transactions and table-convention resources on
 * PostgreSQL and H2. Not written yet; the adapter is the subject of its own issue.
 */
package dev.trash.jdbi;
