package dev.junction.query.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.junction.api.SecretCodec;
import dev.junction.api.instance.InstanceState;
import org.bson.Document;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The instance views in MongoDB, one document each: the fields a listing filters or counts by, and the
 * whole view as JSON text sealed under the read models' key (parameters and contexts are callers' data,
 * and their keys, such as {@code $schema}, are not safe BSON field names). Writes of one instance are
 * serialised by its aggregate's lock; a view is replaced only by one of a higher sequence.
 */
public class InstanceViewStore implements InstanceViewUpdates, InstanceViews {

    public static final String COLLECTION = "instances";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final MongoDatabase database;
    private final SecretCodec codec;

    public InstanceViewStore(MongoDatabase database, SecretCodec codec) {
        this.database = database;
        this.codec = codec;
    }

    private MongoCollection<Document> instances() {
        return database.getCollection(COLLECTION);
    }

    @Override
    public Optional<InstanceView> current(String instanceId) {
        return find(instanceId);
    }

    @Override
    public Optional<InstanceView> find(String instanceId) {
        return Optional.ofNullable(instances().find(Filters.eq("_id", instanceId)).first()).map(this::decode);
    }

    @Override
    public void put(InstanceView view) {
        Document stored = instances().find(Filters.eq("_id", view.id()))
                .projection(Projections.include("sequence")).first();
        if (stored != null && stored.get("sequence", Number.class).longValue() >= view.sequence()) {
            return; // compared here, not in the filter: the wire server answers only _id filters from its index
        }
        instances().replaceOne(Filters.eq("_id", view.id()), encode(view), new ReplaceOptions().upsert(true));
    }

    @Override
    public List<InstanceView> list(int max) {
        List<InstanceView> views = new ArrayList<>();
        for (Document doc : instances().find().sort(Sorts.ascending("_id")).limit(max)) {
            views.add(decode(doc));
        }
        return views;
    }

    @Override
    public Map<String, Long> liveCountsByPlan() {
        Map<String, Long> counts = new TreeMap<>();
        for (Document doc : instances().find().projection(Projections.include("serviceId", "planId", "state"))) {
            if (!InstanceState.GONE.name().equals(doc.getString("state")) && doc.getString("planId") != null) {
                counts.merge(doc.getString("serviceId") + "/" + doc.getString("planId"), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Replaces every view with the given ones (the end of a rebuild). */
    public void replaceAll(Collection<InstanceView> views) {
        instances().drop();
        List<Document> docs = views.stream().map(this::encode).toList();
        if (!docs.isEmpty()) {
            instances().insertMany(docs);
        }
    }

    Document encode(InstanceView view) {
        try {
            return new Document("_id", view.id())
                    .append("sequence", view.sequence())
                    .append("serviceId", view.serviceId())
                    .append("planId", view.planId())
                    .append("state", view.state() == null ? null : view.state().name())
                    .append("view", codec.seal(JSON.writeValueAsString(view)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InstanceView decode(Document doc) {
        try {
            return JSON.readValue(codec.open(doc.getString("view")), InstanceView.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
