package dev.junction.infra.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.infra.config.AxonConfig;
import dev.junction.infra.crypto.EncryptingSerializer;
import dev.junction.infra.crypto.MasterKey;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Appends pipe events straight into a running broker's embedded event store, with the broker's own
 * serialiser and master key, so the rebuild benchmark can have a million events without an hour of
 * HTTP commands. The events are what the broker itself would store for pipes created and then
 * changed by a user; being appended behind the broker's back, they reach the read models only through
 * a rebuild, which is what is measured.
 */
final class EventStoreFiller {

    private static final Pattern PORT = Pattern.compile("embedded PostgreSQL started on 127\\.0\\.0\\.1:(\\d+)");

    private EventStoreFiller() {
    }

    /** Appends about {@code events} events: pipes of {@code resource}, each created and updated {@code perPipe - 1} times. */
    static long append(BrokerProcess broker, String resource, long events, int perPipe) throws Exception {
        Matcher m = PORT.matcher(Files.readString(broker.logFile()));
        if (!m.find()) {
            throw new IllegalStateException("no embedded PostgreSQL port in " + broker.logFile());
        }
        String url = "jdbc:postgresql://127.0.0.1:" + m.group(1) + "/postgres";
        MasterKey key = MasterKey.load(null, broker.dataDir().resolve("keys").resolve("master.key"));
        Serializer serializer = new EncryptingSerializer(
                JacksonSerializer.builder().objectMapper(AxonConfig.storageMapper()).build(), key);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            connection.setAutoCommit(false);
            ConnectionProvider provider = () -> new KeptOpen(connection).proxy();
            JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                    .connectionProvider(provider)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .build();
            Actor user = Actor.user(BrokerProcess.USERNAME);
            Instant at = Instant.now();
            List<DomainEventMessage<?>> batch = new ArrayList<>(5_000);
            long appended = 0;
            for (long p = 0; appended < events; p++) {
                String pipeId = "filled-" + p;
                String pipeKey = resource + "/" + pipeId;
                String pipeUri = broker.rootUrl() + "/" + resource + "/pipes/" + pipeId;
                for (int seq = 0; seq < perPipe && appended < events; seq++) {
                    End thisEnd = new End(pipeUri, broker.rootUrl(), null, data("https://v" + seq + ".example"));
                    Object payload = seq == 0
                            ? new PipeCreated(pipeKey, resource, pipeId, thisEnd, End.EMPTY, null, user, at)
                            : new ThisEndUpdated(pipeKey, thisEnd, seq + 1, user, at);
                    batch.add(new GenericDomainEventMessage<>("PipeAggregate", pipeKey, seq, payload));
                    appended++;
                    if (batch.size() == 5_000) {
                        engine.appendEvents(batch);
                        connection.commit();
                        batch.clear();
                    }
                }
            }
            if (!batch.isEmpty()) {
                engine.appendEvents(batch);
                connection.commit();
            }
            return appended;
        }
    }

    private static ObjectNode data(String uri) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("URI", uri);
        return data;
    }

    /** The one connection, handed out again and again: Axon closes what it is given after each use. */
    private record KeptOpen(Connection connection) {
        Connection proxy() {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
