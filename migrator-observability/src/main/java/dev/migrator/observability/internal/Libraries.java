package dev.migrator.observability.internal;

/** Whether an optional library is there, asked without initialising anything of it. */
final class Libraries {

    private Libraries() {}

    /**
     * Whether {@code probe} is visible both to the builder's loader (what the application sees) and to the loader of
     * {@code provider} (what the binding links against): a library only one of them sees would fail at the first event.
     */
    static boolean visible(String probe, ClassLoader builderLoader, Class<?> provider) {
        return loads(probe, builderLoader) && loads(probe, provider.getClassLoader());
    }

    private static boolean loads(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
