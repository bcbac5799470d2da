/**
 * The Undertow adapter: thin glue to {@link dev.agentsync.protocol.SyncProtocol}, the usage guide and dashboard
 * assets, and the runnable server ({@link dev.agentsync.http.Main}).
 */
@NullMarked
package dev.agentsync.http;

import org.jspecify.annotations.NullMarked;
