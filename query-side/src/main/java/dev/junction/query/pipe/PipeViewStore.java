package dev.junction.query.pipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import dev.junction.api.SecretCodec;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeView;
import org.bson.Document;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The pipe views in MongoDB. Each document keeps the aggregate sequence it has applied
 * ({@code version}); a write only lands over an older version, so applying an event twice, or an
 * older one after a newer one, changes nothing. Schemas and data are kept as JSON text: they are
 * user documents whose keys ({@code $schema}, dotted names) are not safe as BSON field names.
 */
public class PipeViewStore {

    public static final String COLLECTION = "pipes";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoDatabase database;
    private final SecretCodec secrets;
    private volatile MongoCollection<Document> pipes;

    /** A store whose pipe data is sealed with {@code secrets}: it often holds credentials. */
    public PipeViewStore(MongoDatabase database, SecretCodec secrets) {
        this.database = database;
        this.secrets = secrets;
        this.pipes = collection(COLLECTION);
    }

    public PipeViewStore(MongoDatabase database) {
        this(database, SecretCodec.NONE);
    }

    private MongoCollection<Document> collection(String name) {
        // No secondary index: the embedded wire server cannot use one for the list queries (their
        // filters are compound) and maintaining it tripled the cost of every write (measured).
        return database.getCollection(name);
    }

    /** Writes the view unless the stored one is as new or newer. */
    public void save(PipeView view) {
        save(pipes, view);
    }

    /**
     * Every filter here is on {@code _id} alone: the embedded MongoDB-wire server answers those from
     * its index, but scans the whole collection for a compound filter (measured: 18 ms a write at
     * 30,000 pipes, against 0.6 ms). So the version is compared here rather than in the filter;
     * writes of one pipe are serialised by its aggregate's lock, so nothing slips in between.
     */
    private void save(MongoCollection<Document> target, PipeView view) {
        Document stored = target.find(Filters.eq("_id", view.key())).projection(Projections.include("version"))
                .first();
        if (stored != null && ((Number) stored.get("version")).longValue() >= view.version()) {
            return; // the stored view is as new or newer
        }
        replace(target, view);
    }

    /** Writes a view known to be newer than the stored one (the caller has just read it). */
    public void replace(PipeView view) {
        replace(pipes, view);
    }

    private void replace(MongoCollection<Document> target, PipeView view) {
        target.replaceOne(Filters.eq("_id", view.key()), toDocument(view), new ReplaceOptions().upsert(true));
    }

    public Optional<PipeView> find(String key) {
        Document doc = pipes.find(Filters.eq("_id", key)).first();
        return Optional.ofNullable(doc).map(PipeViewStore.this::fromDocument);
    }

    /**
     * The view once it satisfies {@code ready}, waiting up to {@code timeout}: a streaming handler may
     * see an event a moment before the projection, which follows the same commit, has written it.
     * Answers whatever is there when the time is up.
     */
    public Optional<PipeView> await(String key, java.util.function.Predicate<PipeView> ready,
                                    java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<PipeView> view = find(key);
        while ((view.isEmpty() || !ready.test(view.get())) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            view = find(key);
        }
        return view;
    }

    public List<PipeView> list(String resource) {
        List<PipeView> result = new ArrayList<>();
        for (Document doc : pipes.find(Filters.and(Filters.eq("resource", resource), Filters.eq("deleted", false)))
                .sort(Sorts.ascending("pipeId"))) {
            result.add(fromDocument(doc));
        }
        return result;
    }

    /** Pipes whose delivery to the peer has failed for good, oldest failure first. */
    public List<PipeView> failedPropagations() {
        List<PipeView> result = new ArrayList<>();
        for (Document doc : pipes.find(Filters.eq("propagation.state", PipeView.Propagation.State.FAILED.name()))
                .sort(Sorts.ascending("propagation.at"))) {
            result.add(fromDocument(doc));
        }
        return result;
    }

    /** True when no view was ever written (not even a deleted one). */
    public boolean isEmpty() {
        return pipes.find().limit(1).first() == null;
    }

    public long count() {
        return pipes.countDocuments(Filters.eq("deleted", false));
    }

    /** A store writing into a fresh shadow collection, for a rebuild that swaps it in at the end. */
    public Shadow shadow() {
        String name = COLLECTION + "_rebuild";
        database.getCollection(name).drop();
        database.createCollection(name); // exists even when nothing is written, so it can be swapped in
        return new Shadow(collection(name));
    }

    public final class Shadow {
        private final MongoCollection<Document> target;

        private Shadow(MongoCollection<Document> target) {
            this.target = target;
        }

        public Optional<PipeView> find(String key) {
            return Optional.ofNullable(target.find(Filters.eq("_id", key)).first()).map(PipeViewStore.this::fromDocument);
        }

        public void saveAll(Collection<PipeView> views) {
            if (views.isEmpty()) {
                return;
            }
            List<WriteModel<Document>> writes = new ArrayList<>(views.size());
            for (PipeView view : views) {
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", view.key()), toDocument(view),
                        new ReplaceOptions().upsert(true)));
            }
            target.bulkWrite(writes);
        }

        public void save(PipeView view) {
            PipeViewStore.this.save(target, view);
        }

        /** Makes the shadow the live collection. */
        public void swapIn() {
            target.renameCollection(new com.mongodb.MongoNamespace(database.getName(), COLLECTION),
                    new com.mongodb.client.model.RenameCollectionOptions().dropTarget(true));
            pipes = collection(COLLECTION);
        }
    }

    Document toDocument(PipeView view) {
        Document doc = new Document("_id", view.key())
                .append("resource", view.resource())
                .append("pipeId", view.pipeId())
                .append("this", endDocument(view.thisEnd()))
                .append("other", endDocument(view.otherEnd()))
                .append("version", view.version())
                .append("thisVersion", view.thisVersion())
                .append("otherPeerVersion", view.otherPeerVersion())
                .append("deleted", view.deleted())
                .append("createdAt", view.createdAt() == null ? null : Date.from(view.createdAt()))
                .append("updatedAt", view.updatedAt() == null ? null : Date.from(view.updatedAt()));
        if (view.propagation() != null) {
            PipeView.Propagation p = view.propagation();
            doc.append("propagation", new Document("state", p.state().name()).append("version", p.version())
                    .append("deletion", p.deletion()).append("attempts", p.attempts())
                    .append("lastError", p.lastError()).append("at", p.at() == null ? null : Date.from(p.at())));
        }
        if (view.binding() != null) {
            PipeBinding b = view.binding();
            doc.append("binding", new Document("kind", b.kind().path()).append("blueprint", b.blueprint())
                    .append("proto", b.proto()).append("adapters", b.adapters()));
        }
        return doc;
    }

    PipeView fromDocument(Document doc) {
        Document b = doc.get("binding", Document.class);
        PipeBinding binding = b == null ? null : new PipeBinding(BlueprintKind.fromPath(b.getString("kind")),
                b.getString("blueprint"), b.getString("proto"), b.getList("adapters", String.class));
        Number peer = (Number) doc.get("otherPeerVersion");
        Document p = doc.get("propagation", Document.class);
        PipeView.Propagation propagation = p == null ? null : new PipeView.Propagation(
                PipeView.Propagation.State.valueOf(p.getString("state")), ((Number) p.get("version")).longValue(),
                p.getBoolean("deletion", false), ((Number) p.get("attempts")).intValue(), p.getString("lastError"),
                instant(p.getDate("at")));
        return new PipeView(doc.getString("resource"), doc.getString("pipeId"),
                end(doc.get("this", Document.class)), end(doc.get("other", Document.class)), binding,
                ((Number) doc.get("version")).longValue(), ((Number) doc.get("thisVersion")).longValue(),
                peer == null ? null : peer.longValue(), doc.getBoolean("deleted", false),
                instant(doc.getDate("createdAt")), instant(doc.getDate("updatedAt")), propagation);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private Document endDocument(End end) {
        Document doc = new Document();
        if (end == null) {
            return doc;
        }
        doc.append("uri", end.uri()).append("issuer", end.issuer());
        doc.append("schema", end.schema() == null ? null : end.schema().toString());
        doc.append("data", end.data() == null ? null : secrets.seal(end.data().toString()));
        return doc;
    }

    private End end(Document doc) {
        if (doc == null) {
            return End.EMPTY;
        }
        JsonNode schema = parse(doc.getString("schema"));
        JsonNode data = parse(secrets.open(doc.getString("data")));
        return new End(doc.getString("uri"), doc.getString("issuer"), schema,
                data instanceof ObjectNode o ? o : null);
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
