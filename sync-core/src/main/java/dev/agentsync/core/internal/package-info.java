/**
 * Implementation of the core: the engine that owns every rule, the CEL evaluator and context, the wait
 * registry, and small helpers (ids, tokens, JSON, time). Not an API: other modules must not depend on it.
 */
@NullMarked
package dev.agentsync.core.internal;

import org.jspecify.annotations.NullMarked;
