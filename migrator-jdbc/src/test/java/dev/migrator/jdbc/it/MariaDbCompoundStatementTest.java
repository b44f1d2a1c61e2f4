package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.jdbc.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MariaDB only (issue 17, item 1): procedures, functions, triggers and events whose bodies are compound statements
 * run from scripts written without {@code DELIMITER} lines, as Flyway users write them, and behave exactly as the
 * same routines written between {@code DELIMITER //} lines. Each test asserts what the routines did in the database.
 */
class MariaDbCompoundStatementTest extends ItSupport {

    /** How a script ends its routines. */
    enum Form {
        /** {@code END;}: the splitter must see the end of the body itself. */
        NO_DELIMITER,
        /** {@code DELIMITER //} ... {@code END//} {@code DELIMITER ;}: the way that always worked. */
        DELIMITER
    }

    private static final String TABLES = "CREATE TABLE log (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(200));\n"
            + "CREATE TABLE item (id INT PRIMARY KEY, qty INT NOT NULL, `end` INT, begin_at DATE);\n"
            + "INSERT INTO item (id, qty) VALUES (1, 10), (2, 20), (3, 30);\n";

    /** Cursor, NOT FOUND and SQLEXCEPTION handlers, labels, LOOP, REPEAT, WHILE, IF, CASE statement and expression. */
    private static final String PROCEDURE = "CREATE DEFINER=CURRENT_USER PROCEDURE summarise(IN factor INT)\n"
            + "  MODIFIES SQL DATA\n"
            + "  COMMENT 'writes a summary; END;'\n"
            + "main: BEGIN\n"
            + "  DECLARE done INT DEFAULT FALSE;\n"
            + "  DECLARE v, total, i INT DEFAULT 0;\n"
            + "  DECLARE failed INT DEFAULT 0;\n"
            + "  DECLARE cur CURSOR FOR SELECT qty FROM item ORDER BY id;\n"
            + "  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;\n"
            + "  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION\n"
            + "    BEGIN\n"
            + "      SET failed = failed + 1; -- END; in a comment\n"
            + "    END;\n"
            + "  OPEN cur;\n"
            + "  read_loop: LOOP\n"
            + "    FETCH cur INTO v;\n"
            + "    IF done THEN\n"
            + "      LEAVE read_loop;\n"
            + "    END IF;\n"
            + "    SET total = total + v * factor;\n"
            + "  END LOOP read_loop;\n"
            + "  CLOSE cur;\n"
            + "  INSERT INTO item (id, qty) VALUES (1, 0); /* a duplicate key: the handler counts it */\n"
            + "  REPEAT\n"
            + "    SET i = i + 1;\n"
            + "  UNTIL i >= 3 END REPEAT;\n"
            + "  WHILE i < 5 DO\n"
            + "    SET i = i + 1;\n"
            + "  END WHILE;\n"
            + "  CASE\n"
            + "    WHEN total > 100 THEN\n"
            + "      INSERT INTO log (msg) VALUES (CONCAT('total ', total, ' is ', CASE WHEN total > 1000 THEN 'huge' ELSE 'big' END));\n"
            + "    ELSE\n"
            + "      INSERT INTO log (msg) VALUES (CONCAT('total ', total, ' is small'));\n"
            + "  END CASE;\n"
            + "  INSERT INTO log (msg) VALUES (CONCAT('i=', i, ' failed=', failed, ' if=', IF(i > 1, 'yes', 'no'), ' ', REPEAT('x', 2)));\n"
            + "  IF factor < 0 THEN\n"
            + "    LEAVE main;\n"
            + "  ELSEIF NOT EXISTS (SELECT 1 FROM log WHERE msg = 'END;') THEN\n"
            + "    INSERT INTO log (msg) VALUES ('END;');\n"
            + "  END IF;\n"
            + "END main";

    /** A function with a compound body, and one with a single RETURN. */
    private static final List<String> FUNCTIONS = List.of(
            "CREATE FUNCTION grade(x INT) RETURNS VARCHAR(10) CHARSET utf8mb4 DETERMINISTIC\n"
                    + "BEGIN\n"
                    + "  DECLARE r VARCHAR(10);\n"
                    + "  IF x >= 20 THEN\n"
                    + "    SET r = 'high';\n"
                    + "  ELSEIF x >= 10 THEN\n"
                    + "    SET r = 'mid';\n"
                    + "  ELSE\n"
                    + "    SET r = 'low';\n"
                    + "  END IF;\n"
                    + "  RETURN r;\n"
                    + "END",
            "CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN CASE WHEN x IS NULL THEN 0 ELSE x * 2 END");

    /** A trigger with a compound body that signals, one with a single statement, and an event. */
    private static final List<String> TRIGGERS_AND_EVENT = List.of(
            "CREATE TRIGGER item_check BEFORE INSERT ON item FOR EACH ROW\n"
                    + "BEGIN\n"
                    + "  IF NEW.qty < 0 THEN\n"
                    + "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'qty must not be negative; END IF;';\n"
                    + "  END IF;\n"
                    + "  SET NEW.`end` = NEW.qty + 1;\n"
                    + "END",
            "CREATE TRIGGER item_log AFTER INSERT ON item FOR EACH ROW INSERT INTO log (msg) VALUES (CONCAT('item ', NEW.id))",
            "CREATE EVENT IF NOT EXISTS nightly ON SCHEDULE EVERY 1 DAY STARTS CURRENT_TIMESTAMP + INTERVAL 1 DAY\n"
                    + "  ON COMPLETION PRESERVE DISABLE\n"
                    + "DO\n"
                    + "BEGIN\n"
                    + "  DELETE FROM log WHERE msg LIKE 'item %';\n"
                    + "  INSERT INTO log (msg) VALUES ('cleaned');\n"
                    + "END");

    MariaDbCompoundStatementTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    /** The routines as a script in one form: statements between them end with {@code ;} either way. */
    private static String routines(Form form, List<String> routines) {
        StringBuilder script = new StringBuilder();
        for (String routine : routines) {
            if (form == Form.DELIMITER) {
                script.append("DELIMITER //\n").append(routine).append("//\nDELIMITER ;\n");
            } else {
                script.append(routine).append(";\n");
            }
        }
        return script.toString();
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void migrate_procedureWithHandlersCursorAndLoops_isCreatedAndCalled(Form form) {
        MigrationManager m = manager(Script.of("1", "summarise",
                TABLES + routines(form, List.of(PROCEDURE)) + "CALL summarise(2);\nCALL summarise(-1);\n", null));

        m.migrate();

        assertThat(queryStrings("SELECT msg FROM log ORDER BY id"))
                .containsExactly("total 120 is big", "i=5 failed=1 if=yes xx", "END;", "total -60 is small",
                        "i=5 failed=1 if=yes xx");
        // Tables 2 + insert 1 + procedure 1 + two calls: the procedure is one statement either way.
        assertThat(historyRow("1").statementsCompleted()).isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void migrate_functionsTriggersAndEvent_workAsWritten(Form form) {
        List<String> all = new java.util.ArrayList<>(FUNCTIONS);
        all.addAll(TRIGGERS_AND_EVENT);
        MigrationManager m = manager(Script.of("1", "routines", TABLES + routines(form, all)
                + "INSERT INTO item (id, qty) VALUES (4, 5);\n"
                + "INSERT INTO log (msg) VALUES (grade(25)), (grade(12)), (grade(twice(2)));\n", null));

        m.migrate();

        assertThat(queryStrings("SELECT msg FROM log ORDER BY id")).containsExactly("item 4", "high", "mid", "low");
        assertThat(queryStrings("SELECT `end` FROM item WHERE id = 4")).containsExactly("6");
        assertThat(queryStrings("SELECT CONCAT(twice(21), ' ', twice(NULL))")).containsExactly("42 0");
        assertThat(queryStrings("SELECT CONCAT(event_name, ' ', status) FROM information_schema.EVENTS"
                + " WHERE event_schema = ?", db.database())).containsExactly("nightly DISABLED");
        assertThat(queryStrings("SELECT action_statement FROM information_schema.TRIGGERS WHERE trigger_schema = ?"
                + " AND trigger_name = 'item_check'", db.database()).get(0))
                .endsWith("SET NEW.`end` = NEW.qty + 1;\nEND");
        assertThat(historyRow("1").statementsCompleted()).isEqualTo(3 + 5 + 2);
    }

    @Test
    void migrate_triggerThatSignals_failsTheStatementWithItsMessage() {
        MigrationManager m = manager(Script.of("1", "negative", TABLES + routines(Form.NO_DELIMITER, TRIGGERS_AND_EVENT)
                + "INSERT INTO item (id, qty) VALUES (5, -1);\n", null));

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.statementIndex()).isEqualTo(7);
                    assertThat(e.line()).isEqualTo(19);
                })
                .hasMessageContaining("qty must not be negative; END IF;");
        assertThat(rowCount("item")).isEqualTo(3);
    }

    @Test
    void migrate_anonymousBlocksOutsideRoutines_run() {
        MigrationManager m = manager(Script.of("1", "anonymous", TABLES
                + "BEGIN NOT ATOMIC\n"
                + "  DECLARE n INT DEFAULT 0;\n"
                + "  WHILE n < 3 DO\n"
                + "    SET n = n + 1;\n"
                + "    INSERT INTO log (msg) VALUES (CONCAT('anonymous ', n));\n"
                + "  END WHILE;\n"
                + "END;\n"
                + "BEGIN NOT ATOMIC\n"
                + "  fill: BEGIN\n"
                + "    INSERT INTO log (msg) VALUES ('labelled');\n"
                + "    LEAVE fill;\n"
                + "    INSERT INTO log (msg) VALUES ('never');\n"
                + "  END fill;\n"
                + "END;\n"
                + "IF (SELECT COUNT(*) FROM item) = 3 THEN\n"
                + "  INSERT INTO log (msg) VALUES ('three items');\n"
                + "ELSE\n"
                + "  INSERT INTO log (msg) VALUES ('other');\n"
                + "END IF;\n"
                + "FOR i IN 1..2 DO\n"
                + "  INSERT INTO log (msg) VALUES (CONCAT('for ', i));\n"
                + "END FOR;\n"
                + "BEGIN;\n"
                + "INSERT INTO log (msg) VALUES ('in a transaction');\n"
                + "COMMIT;\n", null));

        m.migrate();

        assertThat(queryStrings("SELECT msg FROM log ORDER BY id"))
                .containsExactly("anonymous 1", "anonymous 2", "anonymous 3", "labelled", "three items", "for 1",
                        "for 2", "in a transaction");
        assertThat(historyRow("1").statementsCompleted()).isEqualTo(3 + 4 + 3);
    }

    @Test
    void migrate_dynamicSql_insideAndOutsideAProcedure() {
        MigrationManager m = manager(Script.of("1", "dynamic", TABLES
                + "SET @s = 'INSERT INTO log (msg) VALUES (''top level; END;'')';\n"
                + "PREPARE stmt FROM @s;\n"
                + "EXECUTE stmt;\n"
                + "DEALLOCATE PREPARE stmt;\n"
                + "CREATE PROCEDURE count_into_log(IN tbl VARCHAR(64))\n"
                + "BEGIN\n"
                + "  SET @s = CONCAT('INSERT INTO log (msg) SELECT CONCAT(''', tbl, ' '', COUNT(*)) FROM ', tbl);\n"
                + "  PREPARE stmt FROM @s;\n"
                + "  EXECUTE stmt;\n"
                + "  DEALLOCATE PREPARE stmt;\n"
                + "END;\n"
                + "CALL count_into_log('item');\n", null));

        m.migrate();

        assertThat(queryStrings("SELECT msg FROM log ORDER BY id")).containsExactly("top level; END;", "item 3");
        assertThat(historyRow("1").statementsCompleted()).isEqualTo(3 + 4 + 2);
    }

    @Test
    void migrate_scriptEndingInsideABlock_isRefusedNamingTheBlock() {
        MigrationManager m = manager(Script.of("1", "unclosed", "CREATE TABLE a (id INT);\n"
                + "CREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN\n    SELECT 1;\n  END IF;\n", null));

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("Unclosed BEGIN in ")
                .hasMessageContaining(" at line 3, column 1: the script ends before its END.");
    }
}
