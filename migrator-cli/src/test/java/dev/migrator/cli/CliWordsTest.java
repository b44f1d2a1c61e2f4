package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link CliWords}: every piece of advice the library gives in API calls has its command-line words. */
class CliWordsTest {

    private static final String API_CALL = "[A-Za-z]+\\((true|false|\\.\\.\\.)?\\)";

    @Test
    void everyKnownLibraryAdvice_isTranslated() {
        // The library's own sentences (migrator-core), each with an API call the command line cannot make.
        String[] library = {
            "Fix the cause, then migrate with resumeFailed(true) to continue from statement 3, or undo the completed "
                    + "statements by hand and run repair().",
            "Undo the completed statements by hand and run repair() instead.",
            "Revert the edit, or run repair() to record the new checksum.",
            "Give it a version newer than 3, or allow it with outOfOrder(true).",
            "Create it, or enable createSchemas(true).",
            "baseline(version) needs exactly one target, but this manager has 2: [a, b]. Use baseline(target, version).",
            "Backup b is encrypted; give its passphrase or key (RestoreRequest.builder().key(...)).",
            "Fix them, or import with continueOnError(true) to write the valid items.",
            "fix the record or the transforms, or run with continueOnError(true) to log such records and go on.",
            "Nothing was written. Run it again with DataMigrationOptions.restart(true) to start over from the first "
                    + "record, or give the changed migration a new name.",
            "Run it with DataMigrationOptions.restart(true) to start over, or delete its row in migrator_data_checkpoints.",
            "Create the table (MetadataLoaderConfig.withAutoMigrate(true)) to have the loader create it:",
            "Backup b does not fit the target: app_copy.users does not exist (create it first, e.g. with migrate())",
        };
        for (String sentence : library) {
            assertThat(CliWords.of(sentence, "import.yaml")).as(sentence).doesNotContainPattern(API_CALL)
                    .doesNotContain("RestoreRequest").doesNotContain("DataMigrationOptions")
                    .doesNotContain("MetadataLoaderConfig");
        }
        assertThat(CliWords.of(library[0], null)).isEqualTo("Fix the cause, then run 'migrator migrate --resume-failed' "
                + "to continue from statement 3, or undo the completed statements by hand and run 'migrator repair'.");
        assertThat(CliWords.of(library[9], "import.yaml")).contains("'migrator data migrate import.yaml --restart'");
        assertThat(CliWords.of(library[12], null))
                .endsWith("(create it first, e.g. with 'migrator migrate --target CONNECTION:SCHEMA')");
    }
}
