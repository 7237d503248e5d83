package dev.junction.query.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.junction.api.SecretCodec;
import dev.junction.api.resource.ResourceMessages.FindResourceData;
import dev.junction.api.resource.ResourceMessages.ListLivePipeIds;
import dev.junction.api.resource.ResourceMessages.PipeIds;
import dev.junction.api.resource.ResourceMessages.ResourceDataChanged;
import dev.junction.query.AfterCommit;
import dev.junction.query.WriteBehind;
import dev.junction.query.pipe.PipeViewProjection;
import dev.junction.query.pipe.PipeViewStore;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current data of each resource changed by the platform ({@code resource_data}), cached in
 * memory, and the queries about a resource's data and live pipes. The queries are answered from the
 * cache; MongoDB's copy is written behind ({@link WriteBehind}), so a platform change never waits for
 * MongoDB while it holds its resource's aggregate lock.
 */
@ProcessingGroup(PipeViewProjection.PROCESSING_GROUP)
public class ResourceDataProjection implements AutoCloseable {

    public static final String COLLECTION = "resource_data";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoDatabase database;
    private final PipeViewStore pipes;
    private final Map<String, ObjectNode> cache = new ConcurrentHashMap<>();

    private final SecretCodec secrets;
    private final WriteBehind<Stored> writes;

    /** The data of a resource as the writer stores it. */
    private record Stored(String resource, ObjectNode data) {
    }

    public ResourceDataProjection(MongoDatabase database, PipeViewStore pipes, SecretCodec secrets) {
        this.database = database;
        this.pipes = pipes;
        this.secrets = secrets;
        this.writes = new WriteBehind<>("resource data", Stored::resource, this::store, stored -> { }, 500, 10_000);
        for (Document doc : collection().find()) {
            cache.put(doc.getString("_id"), parse(secrets.open(doc.getString("data"))));
        }
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(COLLECTION);
    }

    @EventHandler
    public void on(ResourceDataChanged event) {
        AfterCommit.run(() -> save(event.resource(), event.merged()));
    }

    /** Makes {@code merged} the resource's data: at once for queries, in MongoDB shortly after. */
    public void save(String resource, ObjectNode merged) {
        cache.put(resource, merged);
        writes.put(new Stored(resource, merged));
    }

    private void store(List<Stored> batch) {
        List<WriteModel<Document>> models = new ArrayList<>(batch.size());
        for (Stored stored : batch) {
            models.add(new ReplaceOneModel<>(Filters.eq("_id", stored.resource()),
                    new Document("_id", stored.resource()).append("data", secrets.seal(stored.data().toString())),
                    new ReplaceOptions().upsert(true)));
        }
        collection().bulkWrite(models, new BulkWriteOptions().ordered(false));
    }

    /** Drops everything (before a rebuild replays the changes). */
    public void clear() {
        writes.flush(Duration.ofSeconds(30)); // nothing older may land after the drop
        writes.clear();
        collection().drop();
        cache.clear();
    }

    /** Waits until MongoDB holds every change saved so far (or the time is up); true when it does. */
    public boolean flush(Duration timeout) {
        return writes.flush(timeout);
    }

    /** What to do when closed with changes it could not store (the read models need a rebuild). */
    public void whenClosedUnstored(Runnable action) {
        writes.whenClosedUnstored(action);
    }

    /** Stores every pending change, then stops the writer. */
    @Override
    public void close() {
        writes.close();
    }

    @QueryHandler
    public Optional<ObjectNode> handle(FindResourceData query) {
        return Optional.ofNullable(cache.get(query.resource())).map(ObjectNode::deepCopy);
    }

    @QueryHandler
    public PipeIds handle(ListLivePipeIds query) {
        return new PipeIds(pipes.liveIds(query.resource()));
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
