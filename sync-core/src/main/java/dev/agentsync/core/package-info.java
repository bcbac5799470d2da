/**
 * The agent-sync API: {@link dev.agentsync.core.Sync} and the records it speaks in.
 *
 * <p>Every rule of the model lives behind {@code Sync}: validation, identity, CAS, CEL gates, increments,
 * batches, views, messages, claims, presence and waits. Values are Jackson {@code JsonNode}s; times are
 * {@code Instant}s from the injected clock. Errors are {@link dev.agentsync.core.SyncException}s with a stable
 * {@link dev.agentsync.core.ErrorCode}. Nothing here knows of HTTP, SQL or any server.
 */
@NullMarked
package dev.agentsync.core;

import org.jspecify.annotations.NullMarked;
