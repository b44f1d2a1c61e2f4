package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.Transform;
import dev.migrator.api.Validator;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to one record before it reaches a target: the type filter, the user's filter, the transforms, the
 * validators and JSON Schemas. Thread-safe (the transforms and validators must be, as their Javadoc asks).
 */
final class Records {

    private final DataMigrationOptions o;
    private final List<Transform> transforms;
    private final List<Validator> validators;
    private final SchemaValidator schemas;

    Records(DataMigration m, DataMigrationOptions o) {
        this.o = o;
        this.transforms = m.transforms();
        this.validators = m.validators();
        this.schemas = m.schemas().isEmpty() ? null : new SchemaValidator(m.schemas());
    }

    /** The outcome for one record: passed on (with the record as transformed), skipped, or rejected with a reason. */
    record Outcome(DataRecord record, boolean skipped, ErrorCode code, String reason) {
        static Outcome pass(DataRecord r) {
            return new Outcome(r, false, null, null);
        }

        static Outcome skip(DataRecord original) {
            return new Outcome(original, true, null, null);
        }

        static Outcome reject(DataRecord r, ErrorCode code, String reason) {
            return new Outcome(r, false, code, reason);
        }

        boolean rejected() {
            return code != null;
        }
    }

    Outcome process(DataRecord r) {
        if (!o.includeTypes().isEmpty() && !o.includeTypes().contains(r.type()) || o.excludeTypes().contains(r.type())) {
            return Outcome.skip(r);
        }
        try {
            if (o.filter() != null && !o.filter().test(r)) {
                return Outcome.skip(r);
            }
        } catch (RuntimeException e) {
            return Outcome.reject(r, ErrorCode.DATA_RECORD_INVALID, "the filter threw " + e);
        }
        DataRecord out = r;
        for (int i = 0; i < transforms.size(); i++) {
            try {
                out = transforms.get(i).apply(out);
            } catch (RuntimeException e) {
                return Outcome.reject(out, ErrorCode.DATA_RECORD_INVALID, "transform " + (i + 1) + " failed: "
                        + (e.getMessage() != null ? e.getMessage() : e.toString()));
            }
            if (out == null) {
                return Outcome.skip(r);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Validator v : validators) {
            try {
                problems.addAll(v.validate(out));
            } catch (RuntimeException e) {
                problems.add("a validator threw " + e);
            }
        }
        if (schemas != null) {
            problems.addAll(schemas.validate(out));
        }
        if (!problems.isEmpty()) {
            return Outcome.reject(out, ErrorCode.DATA_RECORD_INVALID, "invalid: " + String.join("; ", problems));
        }
        return Outcome.pass(out);
    }
}
