package dev.migrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrator.api.BackupOperations;
import dev.migrator.api.DataMigrations;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.SchemaMigrations;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation of {@link MigrationManager} outside the facets (the deprecated ones and the start-up path) hands its
 * own arguments to the facet method of the same capability and name, and every facet operation is reachable that way:
 * the facet and the old method do the same. The engine's behaviour behind the facets is tested against real databases
 * ({@code FacetsPostgresTest}).
 */
class FacetDelegationTest {

    /** Old names that differ from the facet's. */
    private static final Map<String, String> RENAMED = Map.of("migrateData", "migrate", "dataStatus", "status");

    /** Thrown by a facet proxy: which facet method was called, with what. */
    private static final class Called extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Class<?> facet;
        final transient Method method;
        final transient Object[] args;

        Called(Class<?> facet, Method method, Object[] args) {
            super(facet.getSimpleName() + "." + method.getName(), null, false, false);
            this.facet = facet;
            this.method = method;
            this.args = args == null ? new Object[0] : args;
        }
    }

    @Test
    void everyMethodOutsideTheFacets_delegatesItsArgumentsToTheFacetMethodOfTheSameName() throws Exception {
        MigrationManager manager = manager();
        Set<String> reached = new HashSet<>();
        List<String> checked = new ArrayList<>();
        for (Method old : MigrationManager.class.getMethods()) {
            if (!old.isDefault() || Modifier.isStatic(old.getModifiers())) {
                continue;
            }
            Object[] args = arguments(old);
            Called called = catchThrowableOfType(Called.class, () -> invoke(manager, old, args));

            assertThat(called).as(old.toString()).isNotNull();
            assertThat(called.method.getName()).as(old.toString()).isEqualTo(RENAMED.getOrDefault(old.getName(), old.getName()));
            assertThat(called.facet).as(old.toString()).isEqualTo(expectedFacet(old));
            assertThat(called.args.length).as(old.toString()).isGreaterThanOrEqualTo(args.length);
            for (int i = 0; i < args.length; i++) {
                assertThat(called.args[i]).as(old + " argument " + i).isSameAs(args[i]);
            }
            reached.add(called.facet.getSimpleName() + "." + signature(called.method));
            checked.add(old.getName());
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(28);
        for (Class<?> facet : List.of(SchemaMigrations.class, BackupOperations.class, DataMigrations.class)) {
            for (Method m : facet.getMethods()) {
                if (!m.isDefault() && !(facet == BackupOperations.class && m.getName().equals("store"))) {
                    assertThat(reached).as("reached from the manager").contains(facet.getSimpleName() + "." + signature(m));
                }
            }
        }
    }

    @Test
    void deprecatedAreExactlyTheOldMethodsOutsideTheStartUpPath() {
        Set<String> notDeprecated = new HashSet<>();
        for (Method m : MigrationManager.class.getMethods()) {
            if (m.isDefault() && !m.isAnnotationPresent(Deprecated.class)) {
                notDeprecated.add(m.getName());
            }
            if (m.isAnnotationPresent(Deprecated.class)) {
                assertThat(m.getAnnotation(Deprecated.class).forRemoval()).as(m.toString()).isFalse();
            }
        }
        assertThat(notDeprecated).containsExactlyInAnyOrder("migrate", "migrateTo", "rollback", "rollbackTo", "status",
                "lint");
    }

    private static Class<?> expectedFacet(Method old) {
        String name = old.getName();
        if (Set.of("backup", "restore", "verify").contains(name)) {
            return BackupOperations.class;
        }
        if (Set.of("migrateData", "dataStatus", "copyProject", "copyProjects").contains(name)) {
            return DataMigrations.class;
        }
        return SchemaMigrations.class;
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    /** Distinct values where the type allows, so that identity shows each was passed on; {@code null} otherwise. */
    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == int.class) {
                args[i] = 40 + i;
            } else if (types[i] == boolean.class) {
                args[i] = Boolean.TRUE;
            } else if (types[i] == String.class) {
                args[i] = new String("value" + i);
            } else if (types[i] == List.class || types[i] == java.util.Collection.class) {
                args[i] = new ArrayList<>();
            }
        }
        return args;
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static MigrationManager manager() {
        Map<Method, Object> facets = Map.of(
                method("schema"), facet(SchemaMigrations.class),
                method("backupOperations"), facet(BackupOperations.class),
                method("data"), facet(DataMigrations.class));
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object facet = facets.get(method);
            if (facet == null) {
                throw new AssertionError("called " + method + " instead of a facet");
            }
            return facet;
        };
        return (MigrationManager) Proxy.newProxyInstance(MigrationManager.class.getClassLoader(),
                new Class<?>[] {MigrationManager.class}, handler);
    }

    private static Method method(String name) {
        try {
            return MigrationManager.class.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static Object facet(Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new Called(type, method, args);
        });
    }
}
