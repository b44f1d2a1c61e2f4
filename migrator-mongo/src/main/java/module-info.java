/**
 * The MongoDB backend of migrator. It exports nothing: the engine finds it with {@link java.util.ServiceLoader}.
 */
module dev.migrator.mongo {
    requires dev.migrator.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    // The driver's jars name themselves (Automatic-Module-Name); org.bson is in every signature of the driver's API.
    requires org.mongodb.driver.sync.client;
    requires org.mongodb.driver.core;
    requires org.mongodb.bson;
    // LeaseLock names its owner after the JVM (RuntimeMXBean).
    requires java.management;

    provides dev.migrator.spi.BackendProvider with dev.migrator.mongo.MongoBackendProvider;
    provides dev.migrator.spi.MetadataLoaderProvider with dev.migrator.mongo.internal.MongoMetadataLoaderProvider;
}
