package dev.agentsync.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a {@link Store} from a URI. Providers are found with {@link ServiceLoader} (a store module lists its
 * provider in {@code META-INF/services/dev.agentsync.core.spi.StoreProvider}) and chosen by the URI's scheme, so
 * a server or an application names a store by text ({@code memory:}, {@code h2:./data/x},
 * {@code postgresql://u:p@host/db}, {@code jdbc:...}) and needs no knowledge of the store's classes.
 */
public interface StoreProvider {

    /** The URI schemes this provider opens, lower case, without the colon (for example {@code h2}). */
    Set<String> schemes();

    /**
     * Opens a store.
     *
     * @param uri the whole URI, scheme included
     * @throws IllegalArgumentException when the rest of the URI is malformed
     */
    Store open(String uri);

    /** The scheme of a store URI: the text before the first colon, lower case ({@code "memory"} alone counts too). */
    static String schemeOf(String uri) {
        String s = uri.trim();
        int colon = s.indexOf(':');
        return (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /**
     * Opens a store with the provider for the URI's scheme, among those on the class path.
     *
     * @throws IllegalArgumentException when no provider takes the scheme (the message lists the schemes known)
     */
    static Store openUri(String uri) {
        String scheme = schemeOf(uri);
        Set<String> known = new TreeSet<>();
        List<StoreProvider> providers = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class, StoreProvider.class.getClassLoader()).forEach(providers::add);
        for (StoreProvider p : providers) {
            if (p.schemes().contains(scheme)) {
                return p.open(uri.trim());
            }
            known.addAll(p.schemes());
        }
        throw new IllegalArgumentException("unknown store '" + uri + "': no store provider takes the scheme '" + scheme
                + "'; known schemes: " + String.join(", ", known));
    }
}
