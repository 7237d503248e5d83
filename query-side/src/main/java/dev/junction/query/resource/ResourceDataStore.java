package dev.junction.query.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.junction.api.SecretCodec;
import dev.junction.query.WriteBehind;
import org.bson.Document;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each resource's current data ({@code resource_data}, sealed: it often holds credentials), all of it
 * in memory for reads. MongoDB's copy is written behind ({@link WriteBehind}), so a platform change
 * never waits for MongoDB while it holds its resource's aggregate lock.
 */
public class ResourceDataStore implements ResourceDataUpdates, AutoCloseable {

    public static final String COLLECTION = "resource_data";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoDatabase database;
    private final SecretCodec secrets;
    private final Map<String, ObjectNode> cache = new ConcurrentHashMap<>();
    private final WriteBehind<Stored> writes;

    /** The data of a resource as the writer stores it. */
    private record Stored(String resource, ObjectNode data) {
    }

    /** A store sealing the data with {@code secrets}, writing to MongoDB within {@code writes}. */
    public ResourceDataStore(MongoDatabase database, SecretCodec secrets, WriteBehind.Limits writes) {
        this.database = database;
        this.secrets = secrets;
        this.writes = new WriteBehind<>("resource data", Stored::resource, this::store, stored -> { }, writes);
        for (Document doc : collection().find()) {
            cache.put(doc.getString("_id"), parse(secrets.open(doc.getString("data"))));
        }
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(COLLECTION);
    }

    /** Makes {@code merged} the resource's data: at once for reads, in MongoDB shortly after. */
    @Override
    public void save(String resource, ObjectNode merged) {
        cache.put(resource, merged);
        writes.put(new Stored(resource, merged));
    }

    /** The resource's data, a copy the caller may change. */
    public Optional<ObjectNode> find(String resource) {
        return Optional.ofNullable(cache.get(resource)).map(ObjectNode::deepCopy);
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

    /**
     * Replaces everything with {@code dataByResource} (a rebuild's result), waiting up to
     * {@code flushTimeout} first for what is pending, so that nothing older lands after the drop.
     */
    public void replaceAll(Map<String, ObjectNode> dataByResource, Duration flushTimeout) {
        writes.flush(flushTimeout);
        writes.clear();
        collection().drop();
        cache.clear();
        dataByResource.forEach(this::save);
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

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
