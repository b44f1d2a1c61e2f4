package dev.migrator.jdbc.internal.lint;

import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.update.Update;

/**
 * The table an {@code UPDATE} or {@code DELETE} changes, and whether a {@code WHERE} narrows it.
 *
 * <p>Read with JSqlParser first: DML is where a full grammar pays (joins, {@code USING}, sub-queries and CTEs put
 * other tables and other {@code WHERE}s in the text, which a token scan could mistake for the statement's own). Its
 * grammar covers the DML of both dialects; where it fails (a dialect's extension), the tokens' first table and
 * top-level {@code WHERE} are used.
 *
 * @param table the table changed
 * @param narrowed whether the statement has a {@code WHERE} (the rows it changes are then unknown, not all)
 */
public record DmlTarget(SqlTokens.QualifiedName table, boolean narrowed) {

    /** The target of an {@code UPDATE}/{@code DELETE}; empty for other statements. */
    public static Optional<DmlTarget> of(String sql, SqlTokens tokens, boolean foldCase) {
        boolean update = tokens.at(0).is("UPDATE");
        boolean delete = tokens.at(0).is("DELETE");
        if (!update && !delete) {
            return Optional.empty();
        }
        try {
            Statement statement = CCJSqlParserUtil.parse(sql);
            if (statement instanceof Update u && u.getTable() != null) {
                return Optional.of(new DmlTarget(name(u.getTable(), foldCase), u.getWhere() != null));
            }
            if (statement instanceof Delete d && d.getTable() != null) {
                return Optional.of(new DmlTarget(name(d.getTable(), foldCase), d.getWhere() != null));
            }
        } catch (JSQLParserException | RuntimeException e) {
            // A dialect's extension the grammar lacks: read the tokens below.
        }
        int i = update ? 1 : tokens.at(1).is("FROM") ? 2 : 1;
        if (tokens.at(i).is("ONLY")) {
            i++;
        }
        SqlTokens.QualifiedName name = tokens.name(i, foldCase);
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(new DmlTarget(name, tokens.find(name.end(), tokens.size(), "WHERE") >= 0));
    }

    private static SqlTokens.QualifiedName name(Table table, boolean foldCase) {
        return new SqlTokens.QualifiedName(part(table.getSchemaName(), foldCase), part(table.getName(), foldCase), 0);
    }

    private static String part(String raw, boolean fold) {
        if (raw == null) {
            return null;
        }
        if (raw.length() > 1 && (raw.startsWith("\"") && raw.endsWith("\"") || raw.startsWith("`") && raw.endsWith("`"))) {
            return raw.substring(1, raw.length() - 1);
        }
        return fold ? raw.toLowerCase(java.util.Locale.ROOT) : raw;
    }
}
