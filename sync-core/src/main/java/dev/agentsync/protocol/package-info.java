/**
 * The wire contract of {@code docs/http-api.md} without a server: an {@link dev.agentsync.protocol.HttpRequest}
 * in, a future {@link dev.agentsync.protocol.HttpResponse} out. Every route, JSON shape, error body and status
 * lives here ({@link dev.agentsync.protocol.SyncProtocol}, {@link dev.agentsync.protocol.WireJson}), so an HTTP
 * adapter only reads the request, calls {@code handle} and writes the response when the future completes.
 *
 * <p>May depend on the API package {@code dev.agentsync.core} and Jackson; never on {@code core.internal},
 * {@code core.spi}, a store or a server library, and the API never depends on this package. Thread-safe:
 * {@code SyncProtocol} may be called from any thread and keeps no per-request state; a wait's future
 * completes on whichever thread ends the wait (a commit, its timer, a shutdown), so adapters must not block
 * in its callbacks.
 */
@NullMarked
package dev.agentsync.protocol;

import org.jspecify.annotations.NullMarked;
