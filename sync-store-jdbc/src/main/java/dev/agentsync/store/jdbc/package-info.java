/**
 * The JDBC store: rooms in H2 (the embedded default) or PostgreSQL (shared by several processes), Flyway-migrated,
 * with cross-process notification. The public surface is {@link dev.agentsync.store.jdbc.JdbcStore} (its factories
 * open a database; it implements {@link dev.agentsync.core.spi.Store} and passes the core's store contract
 * unchanged) and {@link dev.agentsync.store.jdbc.JdbcStoreProvider} (the same, by URI, through
 * {@link dev.agentsync.core.spi.StoreProvider}). Everything else is package-private, one job per class:
 * {@code Dialect} holds all SQL that differs between the databases, {@code Schema} migrates, {@code Rows} maps rows
 * to records and JSON columns, {@code RoomTable} and {@code SqlView}/{@code SqlTx} run the queries of the room table
 * and of a room inside a unit of work, {@code UnitRunner} runs units as transactions with per-room serialization
 * and group commit, and {@code Notifier} (with {@code PgListener}) announces and hears commits between processes.
 * A failing database surfaces as a {@code SyncException} with code {@code unavailable}.
 */
@NullMarked
package dev.agentsync.store.jdbc;

import org.jspecify.annotations.NullMarked;
