package dev.migrator.spi;

import dev.migrator.api.MigrationListener;
import java.util.List;
import java.util.Optional;

/**
 * Offers a listener that {@code MigrationManager.builder().build()} adds by itself, such as the Micrometer metrics and
 * OpenTelemetry traces of {@code migrator-observability}; registered in
 * {@code META-INF/services/dev.migrator.spi.ListenerProvider}. Looked up per {@code build()} with the builder's class
 * loader, unless the builder was told {@code discoverListeners(false)}.
 *
 * <p>A provider for an optional library must load without it: its class names none of the library's types, and
 * {@link #listener} checks that the library is visible to {@code classLoader} before touching any of them.
 */
public interface ListenerProvider {

    /** {@return a short name for logs, e.g. {@code micrometer}} */
    String name();

    /**
     * {@return the listener to add, or empty when its library is not on the class path, or when {@code explicit} (the
     * builder's own listeners) already holds one of the kind this provider would add — a caller who bound their own
     * registry or tracer is not bound to the global one as well} A listener that also implements {@link
     * dev.migrator.api.DataMigrationListener} receives every data migration's events too.
     *
     * @param explicit the listeners given to the builder, in order
     * @param classLoader the builder's class loader
     */
    Optional<MigrationListener> listener(List<MigrationListener> explicit, ClassLoader classLoader);
}
