package dev.junction.query.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MongoDB wire-protocol server (mongo-java-server, in memory) on 127.0.0.1, reached through
 * the real mongodb-driver-sync. Each call to {@link #freshDatabase()} hands out an unused database.
 * As a JUnit extension ({@code @RegisterExtension static final InProcessMongo mongo = new InProcessMongo()})
 * it runs for one test class and stops after it.
 */
public final class InProcessMongo implements AutoCloseable, AfterAllCallback {

    private final MongoServer server;
    private final MongoClient client;
    private final AtomicInteger databases = new AtomicInteger();

    public InProcessMongo() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    }

    public MongoDatabase freshDatabase() {
        return client.getDatabase("junction_test_" + databases.incrementAndGet());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
