/**
 * The storage SPI. A store provides per-room serialized units of work ({@link dev.agentsync.core.spi.Store#write})
 * and consistent snapshots ({@link dev.agentsync.core.spi.Store#read}); the core owns every rule. A store is
 * correct when the contract suite in {@code sync-core}'s test-jar ({@code StoreContract}) passes unchanged.
 */
@NullMarked
package dev.agentsync.core.spi;

import org.jspecify.annotations.NullMarked;
