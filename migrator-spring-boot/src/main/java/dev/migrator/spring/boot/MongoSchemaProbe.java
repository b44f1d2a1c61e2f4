package dev.migrator.spring.boot;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import dev.migrator.api.Target;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;

/**
 * {@link SchemaProbe} through the application's {@link MongoClient} (borrowed): a target's database holds collections
 * other than the history and its lock. A target without a schema means the URI's database.
 */
final class MongoSchemaProbe implements SchemaProbe {

    private final MongoClient client;
    private final MigratorProperties properties;
    private final ObjectProvider<MongoConnectionDetails> details;

    MongoSchemaProbe(MongoClient client, MigratorProperties properties, ObjectProvider<MongoConnectionDetails> details) {
        this.client = client;
        this.properties = properties;
        this.details = details;
    }

    @Override
    public boolean hasObjects(Target target, String historyTable) {
        String database = target.schemaName().orElseGet(this::uriDatabase);
        for (String name : client.getDatabase(database).listCollectionNames()) {
            // The history collection and its lock collection (historyTable + "_lock") are the library's own.
            if (!name.equals(historyTable) && !name.equals(historyTable + "_lock") && !name.startsWith("system.")) {
                return true;
            }
        }
        return false;
    }

    private String uriDatabase() {
        String uri = properties.getUrl();
        ConnectionString string = uri != null && !uri.isBlank() ? new ConnectionString(uri)
                : details.getObject().getConnectionString();
        return string.getDatabase();
    }
}
