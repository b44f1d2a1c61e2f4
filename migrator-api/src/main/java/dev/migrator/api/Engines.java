package dev.migrator.api;

import dev.migrator.spi.ListenerProvider;
import dev.migrator.spi.MetadataLoaderProvider;
import dev.migrator.spi.engine.EngineProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The API's one look-up of what {@code migrator-core} and the backends provide: the engine behind
 * {@link MigrationManager}, {@link MetadataManager} and {@link BackupStore}, and the metadata loaders behind
 * {@link MetadataLoaders}. Not public: users reach it through those types.
 *
 * <p>One rule for every look-up: the caller's class loader when it gave one (the builder's {@code classLoader(...)}),
 * then the API's own class loader, then the thread's context class loader; the first that finds a provider wins. The
 * API's own loader comes before the context loader because it is the one that works on both paths: on the class path
 * it reads {@code META-INF/services} files beside the API jar, and on the module path it is the application loader,
 * which sees the providers that modules declare with {@code provides} (the API's module {@code uses} both types). The
 * context loader is the fallback for containers that put the API in a parent loader and the engine in the
 * application's.
 */
final class Engines {

    /** What to add when no engine is found. */
    static final String NO_ENGINE = "No migrator engine found on the class path. Add the dependency "
            + "dev.migrator:migrator-core; in a shaded jar, merge META-INF/services files.";

    private Engines() {}

    /**
     * The engine, looked up with {@code preferred} (may be {@code null}) first.
     *
     * @throws EngineNotFoundException when no loader finds one
     */
    static EngineProvider engine(ClassLoader preferred) {
        for (ClassLoader loader : loaders(preferred)) {
            for (EngineProvider p : ServiceLoader.load(EngineProvider.class, loader)) {
                return p;
            }
        }
        throw new EngineNotFoundException(NO_ENGINE);
    }

    /**
     * The first metadata loader provider that {@code accepts}; the protocols of the others are added to
     * {@code found}, once each. {@code null} when none accepts.
     */
    static MetadataLoaderProvider metadataLoader(Predicate<MetadataLoaderProvider> accepts, List<String> found) {
        for (ClassLoader loader : loaders(null)) {
            for (MetadataLoaderProvider p : ServiceLoader.load(MetadataLoaderProvider.class, loader)) {
                if (accepts.test(p)) {
                    return p;
                }
                if (!found.contains(p.protocol())) {
                    found.add(p.protocol());
                }
            }
        }
        return null;
    }

    /**
     * The listeners that the {@link ListenerProvider}s of the first loader holding any offer, given the builder's own
     * {@code explicit} ones; empty when no loader holds a provider (nothing of theirs is loaded then).
     */
    static List<MigrationListener> listeners(ClassLoader preferred, List<MigrationListener> explicit) {
        List<MigrationListener> offered = new ArrayList<>();
        for (ClassLoader loader : loaders(preferred)) {
            boolean found = false;
            for (ListenerProvider p : ServiceLoader.load(ListenerProvider.class, loader)) {
                found = true;
                p.listener(explicit, loader).ifPresent(offered::add);
            }
            if (found) {
                break;
            }
        }
        return offered;
    }

    /** The class loaders to ask, in order, each once. */
    private static List<ClassLoader> loaders(ClassLoader preferred) {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        if (preferred != null) {
            loaders.add(preferred);
        }
        ClassLoader api = Engines.class.getClassLoader();
        if (api != null) {
            loaders.add(api);
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        return new ArrayList<>(loaders);
    }
}
