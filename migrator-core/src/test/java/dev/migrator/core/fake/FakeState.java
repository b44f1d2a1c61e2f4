package dev.migrator.core.fake;

import dev.migrator.spi.StatementException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one fake database holds: its schemas. The live state is changed only under the database's monitor; a
 * transaction works on a private copy taken when it begins.
 */
final class FakeState {

    final Map<String, FakeSchema> schemas = new LinkedHashMap<>();

    FakeState copy() {
        FakeState s = new FakeState();
        schemas.forEach((k, v) -> s.schemas.put(k, v.copy()));
        return s;
    }

    FakeSchema schema(String name) {
        FakeSchema s = schemas.get(name);
        if (s == null) {
            throw new StatementException("schema \"" + name + "\" does not exist", "3F000", null);
        }
        return s;
    }

    FakeTable table(String schema, String name) {
        FakeTable t = schema(schema).tables.get(name);
        if (t == null) {
            throw new StatementException("relation \"" + schema + "." + name + "\" does not exist", "42P01", null);
        }
        return t;
    }
}
