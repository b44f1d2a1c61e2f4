package dev.migrator.mongo.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/** Testcontainers behind its own class, so it is loaded only when the earlier options are missing. */
final class ContainerMongo {

    private static MongoDBContainer container;

    private ContainerMongo() {}

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** Starts {@code mongo:7} as a single-node replica set and returns its URI. */
    static synchronized String start() {
        if (container == null) {
            container = new MongoDBContainer("mongo:7");
            container.start();
        }
        return container.getReplicaSetUrl();
    }
}
