package dev.migrator.core.fake;

import java.util.Optional;
import dev.migrator.spi.Backend;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.LoadSession;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptSyntax;
import dev.migrator.spi.TargetSession;
import java.io.Reader;
import java.util.Iterator;

/**
 * The fake backend over one {@link FakeDatabase}: target sessions with a history table and a lock, the line-per-statement
 * language of {@link FakeScript}, transactions, and every record role (snapshot and load for backups and restores, reader
 * and writer with checkpoints for data migrations); DDL is transactional (as PostgreSQL) unless the URL says
 * {@code ?ddl=autocommit} (as MySQL: each DDL statement commits by itself).
 */
final class FakeBackend implements Backend {

    static final String DEFAULT_SCHEMA = "main";

    /** Whether DDL is part of a transaction (PostgreSQL) or commits it and itself at once (MySQL). */
    enum Ddl { TRANSACTIONAL, AUTOCOMMIT }

    private final FakeDatabase db;
    private final Ddl ddl;
    private final String product;
    private final String restores;

    FakeBackend(FakeDatabase db, Ddl ddl, String product, String restores) {
        this.db = db;
        this.ddl = ddl;
        this.product = product;
        this.restores = restores;
    }

    @Override
    public String product() {
        return product;
    }

    /** Its own product's backups, and those of the product its URL names in {@code restores=}. */
    @Override
    public boolean restoresBackupsOf(String sourceProduct) {
        return product.equalsIgnoreCase(sourceProduct) || sourceProduct.equalsIgnoreCase(restores);
    }

    @Override
    public boolean transactionalDdl() {
        return ddl == Ddl.TRANSACTIONAL;
    }

    @Override
    public String defaultSchema() {
        return DEFAULT_SCHEMA;
    }

    @Override
    public Iterator<ParsedStatement> parse(Reader script, String source) {
        return FakeScript.parse(script, source, ddl);
    }

    @Override
    public ScriptSyntax scriptSyntax() {
        return FakeScript.SYNTAX;
    }

    @Override
    public TargetSession openSession(String schema, String historyTable) {
        return new FakeSession(db, schema, historyTable, ddl);
    }

    @Override
    public Optional<String> serverVersion() {
        return Optional.of("fake 1");
    }

    @Override
    public Optional<SnapshotSession> openSnapshot() {
        return Optional.of(new FakeSnapshot(db.snapshot()));
    }

    @Override
    public Optional<LoadSession> openLoad() {
        return Optional.of(new FakeLoad(db));
    }

    @Override
    public Optional<DataReadSession> openDataReader() {
        return Optional.of(new FakeDataReader(db));
    }

    @Override
    public Optional<DataWriteSession> openDataWriter() {
        return Optional.of(new FakeDataWriter(db));
    }

    @Override
    public void close() {
        // the database outlives its managers, as a server does
    }
}
