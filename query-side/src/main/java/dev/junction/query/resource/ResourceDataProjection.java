package dev.junction.query.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.junction.api.SecretCodec;
import dev.junction.api.pipe.PipeView;
import dev.junction.api.resource.ResourceMessages.FindResourceData;
import dev.junction.api.resource.ResourceMessages.ListLivePipeIds;
import dev.junction.api.resource.ResourceMessages.PipeIds;
import dev.junction.api.resource.ResourceMessages.ResourceDataChanged;
import dev.junction.query.AfterCommit;
import dev.junction.query.pipe.PipeViewProjection;
import dev.junction.query.pipe.PipeViewStore;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current data of each resource changed by the platform ({@code resource_data}), cached in
 * memory, and the queries about a resource's data and live pipes.
 */
@ProcessingGroup(PipeViewProjection.PROCESSING_GROUP)
public class ResourceDataProjection {

    public static final String COLLECTION = "resource_data";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoDatabase database;
    private final PipeViewStore pipes;
    private final Map<String, ObjectNode> cache = new ConcurrentHashMap<>();

    private final SecretCodec secrets;

    public ResourceDataProjection(MongoDatabase database, PipeViewStore pipes, SecretCodec secrets) {
        this.database = database;
        this.pipes = pipes;
        this.secrets = secrets;
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

    public void save(String resource, ObjectNode merged) {
        collection().replaceOne(Filters.eq("_id", resource),
                new Document("_id", resource).append("data", secrets.seal(merged.toString())),
                new ReplaceOptions().upsert(true));
        cache.put(resource, merged);
    }

    /** Drops everything (before a rebuild replays the changes). */
    public void clear() {
        collection().drop();
        cache.clear();
    }

    @QueryHandler
    public Optional<ObjectNode> handle(FindResourceData query) {
        return Optional.ofNullable(cache.get(query.resource())).map(ObjectNode::deepCopy);
    }

    @QueryHandler
    public PipeIds handle(ListLivePipeIds query) {
        return new PipeIds(pipes.list(query.resource()).stream().map(PipeView::pipeId).toList());
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
