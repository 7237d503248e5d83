package dev.junction.query.pipe;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.junction.api.Randomness;
import dev.junction.api.pipe.PipeView;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fresh collection of pipe views that a rebuild writes while queries keep reading the live one,
 * then swaps in for it.
 */
public final class PipeViewShadow {

    private static final String PREFIX = PipeViewStore.COLLECTION + "_rebuild";

    private final MongoDatabase database;
    private final MongoCollection<Document> target;
    private final PipeViewCodec codec;
    private final Runnable swappedIn;
    /** Keys written so far (the shadow starts empty, so these are all it holds). */
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    private PipeViewShadow(MongoDatabase database, MongoCollection<Document> target, PipeViewCodec codec,
                           Runnable swappedIn) {
        this.database = database;
        this.target = target;
        this.codec = codec;
        this.swappedIn = swappedIn;
    }

    /** A new, empty shadow; {@code swappedIn} runs once it has replaced the live collection. */
    static PipeViewShadow create(MongoDatabase database, PipeViewCodec codec, Runnable swappedIn) {
        // a name of its own for every rebuild: after a kill, the embedded wire server may still hold
        // documents of an earlier shadow under its old name although it no longer lists it
        for (String existing : database.listCollectionNames()) {
            if (existing.startsWith(PREFIX)) {
                database.getCollection(existing).drop(); // abandoned by an earlier rebuild
            }
        }
        String name = PREFIX + "_" + Randomness.uuid().toString().replace("-", "");
        database.createCollection(name); // exists even when nothing is written, so it can be swapped in
        return new PipeViewShadow(database, database.getCollection(name), codec, swappedIn);
    }

    /** The view the shadow holds; a pipe never written to it is not looked up at all. */
    public Optional<PipeView> find(String key) {
        if (!written.contains(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(target.find(Filters.eq("_id", key)).first()).map(codec::fromDocument);
    }

    /**
     * Writes the views, overwriting what the shadow holds for them. A pipe the shadow has not held yet
     * is inserted, which costs the embedded wire server a fraction of an upsert (no lookup, no match).
     */
    public void saveAll(Collection<PipeView> views) {
        if (views.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(views.size());
        for (PipeView view : views) {
            if (written.add(view.key())) {
                writes.add(new InsertOneModel<>(codec.toDocument(view)));
            } else {
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", view.key()), codec.toDocument(view),
                        new ReplaceOptions().upsert(true)));
            }
        }
        target.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /** Makes the shadow the live collection. */
    public void swapIn() {
        target.renameCollection(new MongoNamespace(database.getName(), PipeViewStore.COLLECTION),
                new RenameCollectionOptions().dropTarget(true));
        swappedIn.run();
    }
}
