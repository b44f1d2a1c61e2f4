package dev.migrator.examples.bench;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The floor of {@link StartupBenchmark}: what any migration tool must do at a no-op start, written as plainly as Java
 * allows — list the script folder and SHA-256-hash every {@code .sql} file (one read each), open one JDBC connection
 * with {@link DriverManager} and read the history table's versions and checksums. No pool, no logging, no lambdas and
 * no string concatenation (each would bootstrap the JDK's method-handle machinery). The benchmark runs it in a fresh
 * JVM whose class path holds this class and the JDBC driver alone.
 *
 * <p>Arguments: the JDBC URL, the user, the scripts folder and the history query (e.g. {@code SELECT version, checksum
 * FROM migrator_history}); the password comes from {@link MigrateInFreshJvm#PASSWORD_VARIABLE}'s environment variable.
 * Prints {@code files=<n> rows=<n> fold=<n>} ({@code fold} keeps the work from being optimised away). With the single
 * argument {@code --empty} it returns at once: the JVM's own start and exit.
 */
public final class StartupFloor {

    private StartupFloor() {}

    /**
     * Runs the floor once.
     *
     * @param args the JDBC URL, the user, the scripts folder, the history query; or {@code --empty}
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--empty")) {
            return;
        }
        if (args.length != 4) {
            throw new IllegalArgumentException("Expected 4 arguments: JDBC URL, user, scripts folder, history query");
        }
        String password = System.getenv("MIGRATOR_BENCH_PASSWORD");
        long[] counts = run(args[0], args[1], password == null ? "" : password, Path.of(args[2]), args[3]);
        StringBuilder line = new StringBuilder();
        line.append("files=").append(counts[0]).append(" rows=").append(counts[1]).append(" fold=").append(counts[2]);
        System.out.println(line);
    }

    /**
     * The floor's work: returns the files hashed, the history rows read and a fold of what was read. Also called in
     * the benchmark's own JVM for the warm figure.
     */
    static long[] run(String url, String user, String password, Path dir, String historyQuery) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long files = 0;
        long fold = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (!p.getFileName().toString().endsWith(".sql")) {
                    continue;
                }
                byte[] digest = sha256.digest(Files.readAllBytes(p));
                files++;
                fold += digest[0];
            }
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        long rows = 0;
        try (Connection c = DriverManager.getConnection(url, props);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(historyQuery)) {
            while (rs.next()) {
                String version = rs.getString(1);
                String checksum = rs.getString(2);
                rows++;
                fold += version.length() + (checksum == null ? 0 : checksum.length());
            }
        }
        return new long[] {files, rows, fold};
    }
}
