package dev.migrator.cli;

import dev.migrator.api.ConnectionConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database URL as the tool accepts it — a JDBC URL, {@code postgres://}, {@code mysql://} or {@code mongodb://} —
 * turned into the URL the library takes and the credentials written in it.
 *
 * @param url the JDBC or MongoDB URL
 * @param user the user written in a {@code postgres://user:password@...} URL, or {@code null}
 * @param password the password written there, or {@code null}
 */
public record DatabaseUrl(String url, String user, String password) {

    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("://[^:/@?]*:([^@/]*)@");

    /**
     * Parses {@code raw}; {@code where} names it in messages ("DATABASE_URL", "--url", an option of the file). Every
     * password seen goes to {@code secret}, raw and decoded, so that output can scrub both.
     */
    public static DatabaseUrl parse(String raw, String where, Consumer<String> secret) {
        if (raw.startsWith("jdbc:") || raw.startsWith("mongodb://") || raw.startsWith("mongodb+srv://")) {
            Matcher m = USER_INFO_PASSWORD.matcher(raw);
            if (m.find()) {
                secret.accept(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
                secret.accept(m.group(1));
            }
            requireDatabase(raw, where);
            return new DatabaseUrl(raw, null, null);
        }
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(where + " is not a valid URL (" + ConnectionConfig.mask(raw) + "). Expected a JDBC URL "
                    + "(jdbc:postgresql://host:5432/db), postgres://user:password@host:5432/db, mysql://... or mongodb://...");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String jdbcScheme = switch (scheme) {
            case "postgres", "postgresql" -> "postgresql";
            case "mysql", "mariadb" -> "mysql";
            default -> throw CliException.usage(where + " has scheme '" + scheme + "' (" + ConnectionConfig.mask(raw)
                    + "); expected jdbc:..., postgres://, postgresql://, mysql://, mariadb:// or mongodb://.");
        };
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            if (parts.length > 1) {
                password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                secret.accept(parts[1]);
            }
        }
        String jdbc = "jdbc:" + jdbcScheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        requireDatabase(jdbc, where);
        return new DatabaseUrl(jdbc, user, password);
    }

    /** {@code jdbc:postgresql://host:port/} and the like: the part that names the database, absent from the URL. */
    private static final Pattern NO_DATABASE = Pattern.compile(
            "(jdbc:(?:postgresql|mysql|mariadb)(?::[a-z]+)?://[^/?;]*)/?(?:[?;].*)?");

    /**
     * A PostgreSQL or MySQL/MariaDB URL must name its database: without one the driver connects to a default (or to
     * none, and the first statement fails with "No database selected"), never what the user meant.
     */
    private static void requireDatabase(String url, String where) {
        Matcher m = NO_DATABASE.matcher(url);
        if (m.matches()) {
            throw CliException.usage(where + " (" + ConnectionConfig.mask(url) + ") has no database name. Add it after "
                    + "the host and port, e.g. " + ConnectionConfig.mask(m.group(1)) + "/app.");
        }
    }

    /** The URL built from {@code DATABASE_TYPE/HOST/PORT/NAME}; {@code env} answers {@code null} for unset or blank. */
    static DatabaseUrl fromParts(Function<String, String> env) {
        String type = env.apply("DATABASE_TYPE") == null ? "postgresql" : env.apply("DATABASE_TYPE").toLowerCase(Locale.ROOT);
        String host = env.apply("DATABASE_HOST") == null ? "localhost" : env.apply("DATABASE_HOST");
        String port = env.apply("DATABASE_PORT");
        if (port != null && !port.matches("\\d{1,5}")) {
            throw CliException.usage("DATABASE_PORT is '" + port + "'; expected a port number such as 5432.");
        }
        String name = env.apply("DATABASE_NAME");
        String url = switch (type) {
            case "postgresql", "postgres" -> "jdbc:postgresql://" + host + ":" + (port == null ? "5432" : port) + "/"
                    + (name == null ? "postgres" : name);
            case "mysql", "mariadb" -> "jdbc:mysql://" + host + ":" + (port == null ? "3306" : port) + "/"
                    + required(name, type);
            case "mongodb", "mongo" -> "mongodb://" + host + ":" + (port == null ? "27017" : port) + "/"
                    + required(name, type);
            default -> throw CliException.usage("DATABASE_TYPE is '" + env.apply("DATABASE_TYPE")
                    + "'; expected postgresql (the default), mysql, mariadb or mongodb.");
        };
        return new DatabaseUrl(url, null, null);
    }

    private static String required(String name, String type) {
        if (name == null) {
            throw CliException.usage("DATABASE_NAME is not set; a " + type + " connection needs the database's name. "
                    + "Set DATABASE_NAME, or give the whole DATABASE_URL.");
        }
        return name;
    }
}
