package dev.migrator.jdbc.internal;

import java.util.List;

/**
 * Builds a MySQL/MariaDB routine, trigger, event or anonymous block from a byte string, by a small grammar of compound
 * statements (BEGIN, labelled blocks, IF/ELSEIF/ELSE, CASE statements, LOOP, WHILE, REPEAT ... UNTIL, FOR, handlers)
 * whose simple statements are chosen to mislead a splitter: {@code IF(}, {@code REPEAT(}, {@code IF EXISTS}, CASE
 * expressions, {@code END;} in strings and comments, columns named {@code end}. Whatever the bytes, the result is one
 * statement with balanced blocks, so a correct splitter returns it whole. The same bytes give the same text.
 */
final class MysqlCompoundGenerator {

    private static final int MAX_DEPTH = 6;

    private static final List<String> HEADERS = List.of(
            "CREATE PROCEDURE p()\n",
            "CREATE DEFINER=`u`@`h` PROCEDURE IF NOT EXISTS p(IN a INT, OUT `end` INT)\n  COMMENT 'BEGIN; END;'\n",
            "CREATE OR REPLACE DEFINER = CURRENT_USER FUNCTION f(a INT) RETURNS DECIMAL(10, 2) DETERMINISTIC\n",
            "CREATE FUNCTION f() RETURNS VARCHAR(10) CHARACTER SET utf8mb4 READS SQL DATA ",
            "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW\n",
            "CREATE DEFINER='u'@'%' TRIGGER t AFTER UPDATE ON x FOR EACH ROW FOLLOWS other ",
            "CREATE EVENT IF NOT EXISTS e ON SCHEDULE EVERY 1 HOUR COMMENT 'DO END;' DO\n",
            "CREATE AGGREGATE FUNCTION g(a INT) RETURNS INT ");

    private static final List<String> SIMPLE = List.of(
            "SELECT IF(a, 1, 2) INTO v",
            "SET v = CASE WHEN a THEN 'END;' ELSE `end` END",
            "SELECT t.end, `begin`, end_date, begin_at FROM t",
            "DROP TABLE IF EXISTS x",
            "CREATE TABLE IF NOT EXISTS y (`if` INT)",
            "SET @s = REPEAT('x', 2)",
            "SELECT 'BEGIN; END IF;' -- END;\n",
            "INSERT INTO t VALUES (1) /* END; END LOOP; */",
            "SELECT \"END CASE;\" # END;\n",
            "DECLARE c CURSOR FOR SELECT a FROM t FOR UPDATE",
            "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'END;'",
            "PREPARE s FROM @q",
            "EXECUTE s",
            "DEALLOCATE PREPARE s",
            "START TRANSACTION",
            "COMMIT",
            "SELECT CASE a WHEN 1 THEN (SELECT CASE WHEN b THEN 2 END) END",
            "RETURN CASE WHEN a > 0 THEN IF(a, 1, 0) ELSE REPEAT('y', 1) END",
            "FETCH c INTO v",
            "SET @begin = 1, @end = 2");

    private static final List<String> CONDITIONS = List.of(
            "a > 1",
            "IF(a, 1, 0) = 1",
            "EXISTS (SELECT 1 FROM t)",
            "NOT EXISTS (SELECT `end` FROM t)",
            "(CASE WHEN a THEN 1 END) = 1",
            "REPEAT('a', 2) = 'aa'",
            "CASE a WHEN 1 THEN TRUE ELSE FALSE END");

    private static final List<String> SEPARATORS = List.of(" ", "\n  ", "\n  -- a comment; END;\n  ", "\t/* ; */ ");

    private final byte[] input;
    private int position;
    private int labels;

    private MysqlCompoundGenerator(byte[] input) {
        this.input = input;
    }

    /** One statement, without its terminating delimiter. */
    static String routine(byte[] input) {
        return new MysqlCompoundGenerator(input).routine();
    }

    private String routine() {
        int header = next(HEADERS.size() + 1);
        if (header == HEADERS.size()) {
            return "BEGIN NOT ATOMIC " + list(1) + "END";
        }
        return HEADERS.get(header) + statement(0);
    }

    private String statement(int depth) {
        int choice = depth >= MAX_DEPTH ? 0 : next(10);
        switch (choice) {
            case 1 -> {
                if (next(2) == 0) {
                    return "BEGIN" + separator() + list(depth + 1) + "END";
                }
                String label = label();
                return label + ": BEGIN" + separator() + list(depth + 1) + "END " + label;
            }
            case 2 -> {
                StringBuilder s = new StringBuilder("IF ").append(condition()).append(" THEN ").append(list(depth + 1));
                if (next(2) == 0) {
                    s.append("ELSEIF ").append(condition()).append(" THEN ").append(list(depth + 1));
                }
                if (next(2) == 0) {
                    s.append("ELSE").append(separator()).append(list(depth + 1));
                }
                return s.append("END IF").toString();
            }
            case 3 -> {
                StringBuilder s = new StringBuilder(next(2) == 0 ? "CASE a WHEN 1 THEN " : "CASE WHEN " + condition()
                        + " THEN ").append(list(depth + 1));
                if (next(2) == 0) {
                    s.append("ELSE ").append(list(depth + 1));
                }
                return s.append("END CASE").toString();
            }
            case 4 -> {
                if (next(2) == 0) {
                    return "LOOP" + separator() + list(depth + 1) + "END LOOP";
                }
                String label = label();
                return label + ": LOOP " + list(depth + 1) + "END LOOP " + label;
            }
            case 5 -> {
                return "WHILE " + condition() + " DO" + separator() + list(depth + 1) + "END WHILE";
            }
            case 6 -> {
                return "REPEAT" + separator() + list(depth + 1) + "UNTIL " + condition() + " END REPEAT";
            }
            case 7 -> {
                return "DECLARE CONTINUE HANDLER FOR SQLSTATE '23000', NOT FOUND, 1062 " + statement(depth + 1);
            }
            case 8 -> {
                return "FOR i IN 1..3 DO " + list(depth + 1) + "END FOR";
            }
            default -> {
                return SIMPLE.get(next(SIMPLE.size()));
            }
        }
    }

    /** One to three statements, each with its {@code ;} and some space after. */
    private String list(int depth) {
        StringBuilder s = new StringBuilder();
        int count = 1 + next(3);
        for (int k = 0; k < count; k++) {
            s.append(statement(depth)).append(';').append(separator());
        }
        return s.toString();
    }

    private String condition() {
        return CONDITIONS.get(next(CONDITIONS.size()));
    }

    private String separator() {
        return SEPARATORS.get(next(SEPARATORS.size()));
    }

    private String label() {
        return "lbl" + labels++;
    }

    /** The next choice among {@code n}; 0 once the bytes run out, so that every input ends in simple statements. */
    private int next(int n) {
        return position < input.length ? (input[position++] & 0xff) % n : 0;
    }
}
