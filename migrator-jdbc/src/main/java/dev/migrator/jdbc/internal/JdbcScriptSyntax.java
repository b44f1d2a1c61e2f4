package dev.migrator.jdbc.internal;

import dev.migrator.spi.ScriptSyntax;
import java.util.Optional;

/** Placeholder values in SQL scripts: literals and identifiers quoted by the dialect, raw values checked. */
final class JdbcScriptSyntax implements ScriptSyntax {

    private final Dialect dialect;

    JdbcScriptSyntax(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String literal(String value) {
        return dialect.literal(value);
    }

    @Override
    public String identifier(String value) {
        return dialect.quote(value);
    }

    /**
     * The statement separator and the comment openers of the dialect. A custom MySQL {@code DELIMITER} is not looked
     * for: a script that declares one is trusted to place its raw values itself.
     */
    @Override
    public Optional<String> rawHazard(String value) {
        if (value.indexOf(';') >= 0) {
            return Optional.of("';' (a statement separator)");
        }
        if (value.contains("--")) {
            return Optional.of("'--' (a comment opener)");
        }
        if (value.contains("/*")) {
            return Optional.of("'/*' (a comment opener)");
        }
        if (dialect.syntax() == SqlSplitter.Syntax.MYSQL && value.indexOf('#') >= 0) {
            return Optional.of("'#' (a comment opener)");
        }
        return Optional.empty();
    }
}
