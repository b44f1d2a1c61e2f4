package dev.migrator.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a real application sees, the same on every database: JPA started after the migration (the context started with
 * {@code ddl-auto=validate} on a table only the migration creates, and reads the row the migration wrote), and the
 * actuator endpoint and health over HTTP. Subclasses bring the database.
 */
abstract class StartUpOrderingContract {

    @Autowired
    NoteRepository notes;

    @Autowired
    MigrationManager manager;

    @LocalServerPort
    int port;

    /** The URL, user and password of this class's database. */
    abstract List<String> database();

    /** The target as results name it: the connection and the resolved schema (a database on MariaDB). */
    abstract String target();

    @Test
    void jpa_startsAfterTheMigration_andSeesItsTable() {
        assertThat(notes.findById(1L)).map(Note::getBody).contains("written by a migration");
        notes.save(new Note(2L, "written through JPA"));
        assertThat(notes.count()).isEqualTo(2);
    }

    @Test
    void endpoint_listsEveryScriptWithItsState() throws Exception {
        HttpResponse<String> response = get("/actuator/migrator");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"targets\":{\"" + target() + "\":[{\"version\":\"1\",\"name\":\"create_notes\",\"state\":\"APPLIED\"");
    }

    @Test
    void health_isUpWhileNothingFailed() throws Exception {
        HttpResponse<String> response = get("/actuator/health/migrator");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Another instance, deploying a newer script that fails after its first statement, leaves it recorded as failed. */
    void anotherInstanceFailsScript2() {
        List<String> db = database();
        try (MigrationManager other = MigrationManager.builder()
                .connection("default", db.get(0), db.get(1), db.get(2))
                .locations("classpath:db/boot/jpa")
                .script(Script.of("2", "breaks", "CREATE TABLE half_done (id INT);\nINSERT INTO no_such_table VALUES (1);", null))
                .build()) {
            assertThatThrownBy(other::migrate).isInstanceOf(ScriptFailedException.class);
        }
    }
}
