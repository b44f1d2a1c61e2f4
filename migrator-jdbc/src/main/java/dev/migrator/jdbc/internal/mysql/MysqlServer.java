package dev.migrator.jdbc.internal.mysql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL or MariaDB server's product and version, for what {@code ALGORITHM=INSTANT} supports there.
 *
 * @param mariadb whether the server is MariaDB
 * @param major e.g. 10 (MariaDB 10.11.6) or 8 (MySQL 8.0.36)
 * @param minor e.g. 11 or 0
 * @param patch e.g. 6 or 36
 */
record MysqlServer(boolean mariadb, int major, int minor, int patch) {

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    /** From the server's version string, e.g. {@code 10.11.6-MariaDB-1:10.11.6+maria~ubu2204} or {@code 8.0.36}. */
    static MysqlServer parse(String version) {
        Matcher m = VERSION.matcher(version.strip());
        boolean maria = version.toLowerCase(java.util.Locale.ROOT).contains("mariadb");
        if (!m.find()) {
            return new MysqlServer(maria, 0, 0, 0);
        }
        return new MysqlServer(maria, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    private boolean atLeast(int ma, int mi, int pa) {
        if (major != ma) {
            return major > ma;
        }
        if (minor != mi) {
            return minor > mi;
        }
        return patch >= pa;
    }

    /** Whether ADD COLUMN as the last column is instant: MariaDB 10.3+, MySQL 8.0.12+. */
    boolean instantAddLast() {
        return mariadb ? atLeast(10, 3, 0) : atLeast(8, 0, 12);
    }

    /** Whether ADD COLUMN anywhere (FIRST, AFTER) is instant: MariaDB 10.4+, MySQL 8.0.29+. */
    boolean instantAddAnywhere() {
        return mariadb ? atLeast(10, 4, 0) : atLeast(8, 0, 29);
    }

    /** Whether DROP COLUMN is instant: MariaDB 10.4+, MySQL 8.0.29+. */
    boolean instantDrop() {
        return mariadb ? atLeast(10, 4, 0) : atLeast(8, 0, 29);
    }

    @Override
    public String toString() {
        return (mariadb ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }
}
