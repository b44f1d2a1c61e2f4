package dev.migrator.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test class path without Micrometer and OpenTelemetry, in a class loader of its own: the providers offer nothing,
 * none of the bindings is loaded, and a manager builds and migrates as without this module.
 */
class WithoutLibrariesTest {

    private Isolated isolated;

    /** A class loader over the test class path minus the two libraries; remembers every class it defined. */
    private static final class Isolated extends URLClassLoader {
        final Set<String> defined = ConcurrentHashMap.newKeySet();

        Isolated(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = super.findClass(name);
            defined.add(name);
            return c;
        }
    }

    @BeforeEach
    void setUp() throws MalformedURLException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String normalized = entry.replace('\\', '/');
            if (normalized.contains("/io/micrometer/") || normalized.contains("/io/opentelemetry/")
                    || normalized.contains("/org/hdrhistogram/") || normalized.contains("/org/latencyutils/")) {
                left.add(entry);
            } else {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertThat(left).as("the libraries left out").isNotEmpty();
        isolated = new Isolated(urls.toArray(URL[]::new));
    }

    @AfterEach
    void tearDown() throws Exception {
        isolated.close();
    }

    @Test
    void providers_withoutTheirLibraries_offerNothingAndLoadNoBinding() throws Exception {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.Metrics", false, isolated))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, isolated))
                .isInstanceOf(ClassNotFoundException.class);
        Class<?> spi = Class.forName("dev.migrator.spi.ListenerProvider", true, isolated);

        Map<String, Object> offered = new LinkedHashMap<>();
        for (Object provider : ServiceLoader.load(spi, isolated)) {
            String name = (String) spi.getMethod("name").invoke(provider);
            offered.put(name, spi.getMethod("listener", List.class, ClassLoader.class).invoke(provider, List.of(), isolated));
        }

        assertThat(offered).containsExactly(Map.entry("micrometer", Optional.empty()),
                Map.entry("opentelemetry", Optional.empty()));
        assertThat(isolated.defined).contains("dev.migrator.observability.internal.MicrometerListenerProvider")
                .doesNotContain("dev.migrator.observability.internal.MicrometerBinding",
                        "dev.migrator.observability.internal.OpenTelemetryBinding",
                        "dev.migrator.observability.MigratorMetrics", "dev.migrator.observability.MigratorTracing");
    }

    @Test
    void migrate_withoutTheLibraries_appliesAsWithoutThisModule() throws Exception {
        try (TestDatabase database = TestDatabases.postgres()) {
            Class<?> main = Class.forName(NoLibrariesMain.class.getName(), true, isolated);
            assertThat(main.getClassLoader()).isSameAs(isolated);
            Thread thread = Thread.currentThread();
            ClassLoader context = thread.getContextClassLoader();
            thread.setContextClassLoader(isolated);
            Object applied;
            try {
                applied = main.getMethod("migrate", String.class, String.class, String.class)
                        .invoke(null, database.url(), database.user(), database.password());
            } finally {
                thread.setContextClassLoader(context);
            }

            assertThat(applied).isEqualTo(1);
            assertThat(isolated.defined).contains("dev.migrator.observability.internal.MicrometerListenerProvider")
                    .doesNotContain("dev.migrator.observability.MigratorMetrics",
                            "dev.migrator.observability.MigratorTracing");
        }
    }
}
