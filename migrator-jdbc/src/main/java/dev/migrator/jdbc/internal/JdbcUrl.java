package dev.migrator.jdbc.internal;

import dev.migrator.api.ConnectionConfig;
import java.util.Locale;

/**
 * What migrator needs to know from a JDBC URL: the product family, the host and port for messages, and the database.
 * {@code jdbc:mariadb:} URLs are rewritten to {@code jdbc:mysql:} because Connector/J is the driver shipped.
 *
 * @param driverUrl the URL handed to the driver
 * @param family {@code postgresql} or {@code mysql}
 * @param mariadbScheme whether the user wrote {@code jdbc:mariadb:}
 * @param host the first host, or {@code localhost}
 * @param port the first port, or the product's default
 * @param database the database in the path, or {@code ""}
 * @param userInfoUser the user written as {@code user:password@host} in the URL, or {@code null}
 * @param userInfoPassword the password written that way, or {@code null}
 */
public record JdbcUrl(String driverUrl, String family, boolean mariadbScheme, String host, int port, String database,
        String userInfoUser, String userInfoPassword) {

    /** Hides the password. */
    @Override
    public String toString() {
        return "JdbcUrl[" + ConnectionConfig.mask(driverUrl) + ", user=" + userInfoUser + "]";
    }

    /** PostgreSQL family. */
    public static final String POSTGRESQL = "postgresql";

    /** MySQL/MariaDB family. */
    public static final String MYSQL = "mysql";

    /** Whether a URL has a scheme this backend serves. */
    public static boolean isSupported(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:postgresql:") || lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:");
    }

    /** Parses a supported URL; unknown shapes give {@code localhost} and the default port rather than failing. */
    public static JdbcUrl parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        String family;
        boolean maria = false;
        String driverUrl = url;
        String rest;
        if (lower.startsWith("jdbc:postgresql:")) {
            family = POSTGRESQL;
            rest = url.substring("jdbc:postgresql:".length());
        } else if (lower.startsWith("jdbc:mysql:")) {
            family = MYSQL;
            rest = url.substring("jdbc:mysql:".length());
        } else if (lower.startsWith("jdbc:mariadb:")) {
            family = MYSQL;
            maria = true;
            rest = url.substring("jdbc:mariadb:".length());
            driverUrl = "jdbc:mysql:" + rest;
        } else {
            throw new IllegalArgumentException("Not a PostgreSQL, MySQL or MariaDB URL: " + ConnectionConfig.mask(url));
        }
        int defaultPort = family.equals(POSTGRESQL) ? 5432 : 3306;
        if (!rest.startsWith("//")) {
            // jdbc:postgresql:database
            int q = indexOfAny(rest, 0, "?");
            return new JdbcUrl(driverUrl, family, maria, "localhost", defaultPort, rest.substring(0, q), null, null);
        }
        int hostStart = 2;
        int hostEnd = indexOfAny(rest, hostStart, "/?");
        String hosts = rest.substring(hostStart, hostEnd);
        int at = hosts.lastIndexOf('@');
        String infoUser = null;
        String infoPassword = null;
        if (at >= 0) {
            // user:password@host is not understood by pgjdbc (it would take it for a host name and print it in
            // an UnknownHostException): take the credentials out and hand the driver a URL without them.
            String info = hosts.substring(0, at);
            int colon = info.indexOf(':');
            infoUser = decode(colon >= 0 ? info.substring(0, colon) : info);
            infoPassword = colon >= 0 ? decode(info.substring(colon + 1)) : null;
            hosts = hosts.substring(at + 1);
            String scheme = family.equals(POSTGRESQL) ? "jdbc:postgresql:" : "jdbc:mysql:";
            driverUrl = scheme + "//" + rest.substring(hostStart + at + 1);
        }
        int comma = hosts.indexOf(',');
        String first = comma >= 0 ? hosts.substring(0, comma) : hosts;
        String host = first;
        int port = defaultPort;
        if (first.startsWith("[")) {
            int close = first.indexOf(']');
            host = close > 0 ? first.substring(0, close + 1) : first;
            if (close > 0 && close + 1 < first.length() && first.charAt(close + 1) == ':') {
                port = parsePort(first.substring(close + 2), defaultPort);
            }
        } else {
            int colon = first.lastIndexOf(':');
            if (colon >= 0) {
                host = first.substring(0, colon);
                port = parsePort(first.substring(colon + 1), defaultPort);
            }
        }
        if (host.isEmpty() || host.contains("(")) {
            host = "localhost";
        }
        String database = "";
        if (hostEnd < rest.length() && rest.charAt(hostEnd) == '/') {
            int dbEnd = indexOfAny(rest, hostEnd + 1, "?");
            database = rest.substring(hostEnd + 1, dbEnd);
        }
        return new JdbcUrl(driverUrl, family, maria, host, port, database, infoUser, infoPassword);
    }

    /** {@code host:port}, for messages. */
    public String hostAndPort() {
        return host + ":" + port;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int parsePort(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
