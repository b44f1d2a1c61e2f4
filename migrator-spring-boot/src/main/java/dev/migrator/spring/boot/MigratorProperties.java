package dev.migrator.spring.boot;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintThreshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code migrator.*} settings of the auto-configuration. Each maps onto one method of
 * {@code MigrationManager.builder()}, except {@code enabled} (whether anything is configured) and
 * {@code baseline-version} (a baseline taken before the start-up migration, see {@link #getBaselineVersion()}).
 * {@link #toString()} never shows the password.
 */
@ConfigurationProperties(prefix = "migrator")
public class MigratorProperties {

    /** Whether migrator is configured and migrates at start-up. */
    private boolean enabled = true;

    /** Name of the connection the manager gets; name it in Target.of(...) in a MigrationManagerCustomizer. */
    private String connectionName = "default";

    /** Script locations: classpath:db/migration, filesystem:/path (builder.locations). */
    private List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));

    /**
     * Schemas (databases on MySQL/MariaDB) the scripts of the locations apply to, each with its own history table and
     * lock; may hold {environment} patterns (with environments). Empty: the connection's default schema.
     */
    private List<String> schemas = new ArrayList<>();

    /** Environments for which {environment} schema patterns are expanded (builder.environments). */
    private List<String> environments = new ArrayList<>();

    /** Whether missing schemas are created on migrate (builder.createSchemas). */
    private boolean createSchemas = true;

    /** History table (collection) name (builder.historyTable). */
    private String historyTable = "migrator_history";

    /**
     * Placeholder values of text scripts (builder.placeholder). Write values from outside as ${literal:key} or
     * ${identifier:key} in the scripts; a plain ${key} is refused when its value holds a statement separator or a
     * comment opener.
     */
    private Map<String, String> placeholders = new LinkedHashMap<>();

    /** How long to wait for another run's lock (builder.lockTimeout). */
    private Duration lockTimeout = Duration.ofMinutes(5);

    /**
     * How long each statement of a SQL script may wait for a lock another session holds before it gives up and runs
     * again (builder.statementLockTimeout); 0 turns it off.
     */
    private Duration statementLockTimeout = Duration.ofSeconds(5);

    /** How many times in all a statement that timed out waiting for a lock runs (builder.lockRetries). */
    private int lockRetryAttempts = 5;

    /** The longest pause between two attempts of such a statement (builder.lockRetries). */
    private Duration lockRetryMaxBackoff = Duration.ofSeconds(10);

    /**
     * Whether the start-up migration lints the pending scripts first (builder.lintBeforeMigrate): off, warn (log the
     * findings and migrate) or fail (apply nothing and fail the start while an ERROR finding is left).
     */
    private LintMode lintBeforeMigrate = LintMode.OFF;

    /** When the linter calls a table big (builder.lintThreshold). */
    private final Threshold lintThreshold = new Threshold();

    /** Whether migrate validates the history against the local scripts first (builder.validateOnMigrate). */
    private boolean validateOnMigrate = true;

    /** Whether pending scripts older than the newest applied one may run (builder.outOfOrder). */
    private boolean outOfOrder = false;

    /**
     * Version to baseline a target at before the start-up migration when its history is empty and its schema already
     * holds tables (or collections); scripts up to it count as applied. Unset: never baseline.
     */
    private String baselineVersion;

    /** Recorded as "installed by" in the history (builder.installedBy); default: the database user. */
    private String installedBy;

    /**
     * JDBC URL or MongoDB URI to migrate through instead of the application's DataSource or MongoClient, e.g. to run
     * migrations as another role. The manager builds its own pool from it and closes it.
     */
    private String url;

    /** User for url. */
    private String user;

    /** Password for url. */
    private String password;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getConnectionName() {
        return connectionName;
    }

    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public List<String> getSchemas() {
        return schemas;
    }

    public void setSchemas(List<String> schemas) {
        this.schemas = schemas;
    }

    public List<String> getEnvironments() {
        return environments;
    }

    public void setEnvironments(List<String> environments) {
        this.environments = environments;
    }

    public boolean isCreateSchemas() {
        return createSchemas;
    }

    public void setCreateSchemas(boolean createSchemas) {
        this.createSchemas = createSchemas;
    }

    public String getHistoryTable() {
        return historyTable;
    }

    public void setHistoryTable(String historyTable) {
        this.historyTable = historyTable;
    }

    public Map<String, String> getPlaceholders() {
        return placeholders;
    }

    public void setPlaceholders(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public Duration getStatementLockTimeout() {
        return statementLockTimeout;
    }

    public void setStatementLockTimeout(Duration statementLockTimeout) {
        this.statementLockTimeout = statementLockTimeout;
    }

    public int getLockRetryAttempts() {
        return lockRetryAttempts;
    }

    public void setLockRetryAttempts(int lockRetryAttempts) {
        this.lockRetryAttempts = lockRetryAttempts;
    }

    public Duration getLockRetryMaxBackoff() {
        return lockRetryMaxBackoff;
    }

    public void setLockRetryMaxBackoff(Duration lockRetryMaxBackoff) {
        this.lockRetryMaxBackoff = lockRetryMaxBackoff;
    }

    public boolean isValidateOnMigrate() {
        return validateOnMigrate;
    }

    public void setValidateOnMigrate(boolean validateOnMigrate) {
        this.validateOnMigrate = validateOnMigrate;
    }

    public boolean isOutOfOrder() {
        return outOfOrder;
    }

    public void setOutOfOrder(boolean outOfOrder) {
        this.outOfOrder = outOfOrder;
    }

    /**
     * The version a target with an empty history and a non-empty schema is baselined at before the start-up migration.
     * The library's own {@code baseline(target, version)} runs it; the auto-configuration decides when, since the
     * library has no "baseline on migrate" setting.
     */
    public String getBaselineVersion() {
        return baselineVersion;
    }

    public void setBaselineVersion(String baselineVersion) {
        this.baselineVersion = baselineVersion;
    }

    public LintMode getLintBeforeMigrate() {
        return lintBeforeMigrate;
    }

    public void setLintBeforeMigrate(LintMode lintBeforeMigrate) {
        this.lintBeforeMigrate = lintBeforeMigrate;
    }

    public Threshold getLintThreshold() {
        return lintThreshold;
    }

    public String getInstalledBy() {
        return installedBy;
    }

    public void setInstalledBy(String installedBy) {
        this.installedBy = installedBy;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** {@code migrator.lint-threshold.*}: a table is big from either figure on (builder.lintThreshold). */
    public static class Threshold {

        /** Row estimate from which a table is big. */
        private long rows = LintThreshold.DEFAULT.rows();

        /** Total size (data and indexes) from which a table is big, e.g. 100MB. */
        private DataSize bytes = DataSize.ofBytes(LintThreshold.DEFAULT.bytes());

        public long getRows() {
            return rows;
        }

        public void setRows(long rows) {
            this.rows = rows;
        }

        public DataSize getBytes() {
            return bytes;
        }

        public void setBytes(DataSize bytes) {
            this.bytes = bytes;
        }

        /** As the builder takes it. */
        LintThreshold toThreshold() {
            return new LintThreshold(rows, bytes.toBytes());
        }

        @Override
        public String toString() {
            return "{rows=" + rows + ", bytes=" + bytes + "}";
        }
    }

    /** Never shows the password, nor one written in the URL. */
    @Override
    public String toString() {
        return "MigratorProperties[enabled=" + enabled + ", connectionName=" + connectionName + ", locations=" + locations
                + ", schemas=" + schemas + ", historyTable=" + historyTable + ", placeholders=" + placeholders.keySet()
                + ", lockTimeout=" + lockTimeout + ", statementLockTimeout=" + statementLockTimeout + ", lockRetryAttempts="
                + lockRetryAttempts + ", lockRetryMaxBackoff=" + lockRetryMaxBackoff + ", lintBeforeMigrate=" + lintBeforeMigrate
                + ", lintThreshold=" + lintThreshold + ", validateOnMigrate=" + validateOnMigrate + ", outOfOrder="
                + outOfOrder + ", baselineVersion=" + baselineVersion + ", url="
                + ConnectionConfig.mask(url) + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + "]";
    }
}
