package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.Target;
import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Scripts written as Java code: ctx.execute and the native JDBC connection. */
abstract class AbstractJavaScriptTest extends ItSupport {

    AbstractJavaScriptTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @Test
    void migrate_javaScripts_runThroughContextAndUnwrappedConnection() {
        AtomicReference<Target> seenTarget = new AtomicReference<>();
        AtomicReference<String> seenSchema = new AtomicReference<>();
        AtomicReference<Map<String, String>> seenPlaceholders = new AtomicReference<>();
        MigrationManager m = track(builder()
                .placeholder("owner", "alice")
                .script(Script.builder("1", "java_create")
                        .up(ctx -> ctx.execute("CREATE TABLE j (id int primary key)"))
                        .down(ctx -> ctx.execute("DROP TABLE j"))
                        .build())
                .script(Script.builder("2", "java_insert")
                        .up(ctx -> {
                            seenTarget.set(ctx.target());
                            seenSchema.set(ctx.schema());
                            seenPlaceholders.set(ctx.placeholders());
                            Connection c = ctx.unwrap(Connection.class);
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO j VALUES (?)")) {
                                ps.setInt(1, 42);
                                ps.executeUpdate();
                            }
                        })
                        .down(ctx -> ctx.execute("DELETE FROM j"))
                        .build())
                .build());

        m.migrate();

        assertThat(queryStrings("SELECT id FROM j")).containsExactly("42");
        assertThat(history()).extracting(r -> r.version() + ":" + r.name() + ":" + r.success())
                .containsExactly("1:java_create:true", "2:java_insert:true");
        assertThat(seenTarget.get()).isEqualTo(defaultTarget());
        assertThat(seenSchema.get()).isEqualTo(defaultSchema());
        assertThat(seenPlaceholders.get()).containsEntry("owner", "alice").containsEntry("schema", defaultSchema());

        m.rollback(2);

        assertThat(tableExists("j")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void migrate_javaScriptThrows_throwsScriptFailedNamingScriptAndCause() {
        MigrationManager m = manager(createTable("1", "a"), Script.builder("2", "java_fail")
                .up(ctx -> {
                    throw new IllegalStateException("boom from java");
                })
                .build());

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.scriptName()).isEqualTo("java_fail");
                    assertThat(e.statementIndex()).isZero();
                })
                .hasMessageContaining("java_fail")
                .hasStackTraceContaining("boom from java");
        assertThat(tableExists("a")).isTrue();
        assertThat(history()).filteredOn(HistoryRow::success).extracting(HistoryRow::version).containsExactly("1");
    }
}
