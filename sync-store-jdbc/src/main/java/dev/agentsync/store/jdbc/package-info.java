/** The JDBC store: H2 (embedded default) and PostgreSQL, Flyway-migrated, with cross-process notification. */
@NullMarked
package dev.agentsync.store.jdbc;

import org.jspecify.annotations.NullMarked;
