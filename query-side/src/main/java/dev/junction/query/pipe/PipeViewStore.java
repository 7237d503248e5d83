package dev.junction.query.pipe;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.junction.api.SecretCodec;
import dev.junction.api.pipe.JsonWeights;
import dev.junction.api.pipe.PipeView;
import dev.junction.query.WriteBehind;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The pipe views in MongoDB ({@code pipes}), written behind ({@link WriteBehind}) so that every read
 * sees this broker's writes at once. Each document keeps the aggregate sequence it has applied
 * ({@code version}); a write only lands over an older version. docs/architecture.md
 * ("Read-your-writes", "Rebuild") tells why it is built this way. Reads and writes stay in one class
 * (some 310 lines) because every read's rule depends on what the writes keep pending and cached.
 */
public class PipeViewStore implements PipeViews, PipeViewUpdates, AutoCloseable {

    public static final String COLLECTION = "pipes";

    /**
     * @param writes           how pending views are written to MongoDB
     * @param cachedViews      stored views kept in memory for the projection's reads, at most
     * @param cachedViewsWeight what those views may weigh together ({@link JsonWeights})
     * @param freshFor         how long a kept view answers queries without asking MongoDB
     * @param listingsStandFor how long a listing of a resource's live pipe ids stands
     * @param waitRecheck      how often {@link #await} reads again (for writes of another broker)
     */
    public record Settings(WriteBehind.Limits writes, int cachedViews, long cachedViewsWeight, Duration freshFor,
                           Duration listingsStandFor, Duration waitRecheck) {
    }

    private final MongoDatabase database;
    private final PipeViewCodec codec;
    private final Settings settings;
    private volatile MongoCollection<Document> pipes;
    private final WriteBehind<PipeView> pending;
    private final KeptViews stored;
    private final LiveIdsIndex liveIds;
    private final PipeViewWaits waits;
    private volatile Function<String, Optional<PipeView>> fromEvents;

    /** A store whose pipe data is sealed with {@code secrets}. */
    public PipeViewStore(MongoDatabase database, SecretCodec secrets, Settings settings) {
        this.database = database;
        this.codec = new PipeViewCodec(secrets);
        this.settings = settings;
        // No secondary index: the embedded wire server cannot use one for the list queries (their
        // filters are compound) and maintaining it tripled the cost of every write.
        this.pipes = database.getCollection(COLLECTION);
        this.stored = new KeptViews(settings.cachedViews(), settings.cachedViewsWeight(), settings.freshFor());
        this.pending = new WriteBehind<>("pipe views", PipeView::key, JsonWeights::of, this::writeBatch, stored::remember,
                settings.writes());
        this.liveIds = new LiveIdsIndex(this::list, pending::values, () -> pipes.find(Filters.eq("deleted", false))
                .projection(Projections.include("resource", "pipeId")), settings.listingsStandFor());
        this.waits = new PipeViewWaits(this::find, settings.waitRecheck());
    }

    /**
     * Tells the store whether another broker may write its MongoDB: a sole writer's listings of live
     * pipe ids, kept up to date by its own writes, never need to be made again.
     */
    public void soleWriter(boolean sole) {
        liveIds.standFor(sole ? Duration.ofNanos(Long.MAX_VALUE) : settings.listingsStandFor());
    }

    /**
     * Writes the view now, unless the stored one is as new or newer. Filters are on {@code _id}
     * alone (the embedded wire server scans the whole collection for a compound one), so the version
     * is compared here; writes of one pipe are serialised by its aggregate's lock.
     */
    public void save(PipeView view) {
        Document current = pipes.find(Filters.eq("_id", view.key())).projection(Projections.include("version"))
                .first();
        if (current != null && ((Number) current.get("version")).longValue() >= view.version()) {
            return;
        }
        pipes.replaceOne(Filters.eq("_id", view.key()), codec.toDocument(view), new ReplaceOptions().upsert(true));
        stored.forget(view.key()); // written around the cache: the next read for an update goes to MongoDB
        liveIds.forget(view.resource());
        waits.written(view);
    }

    /**
     * Writes behind a view known to be newer than the stored one: visible to every read at once, in
     * MongoDB shortly after. Waits while too many views are pending.
     */
    @Override
    public void replace(PipeView view) {
        pending.put(view);
        liveIds.written(view);
        waits.written(view);
    }

    private void writeBatch(List<PipeView> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(batch.size());
        for (PipeView view : batch) {
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", view.key()), codec.toDocument(view),
                    new ReplaceOptions().upsert(true)));
        }
        pipes.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /**
     * Updates for a writer that does not hold the pipes' aggregate locks (a rebuild's catch-up, beside
     * the live projection): it reads what queries read and writes at once, version-guarded.
     */
    public PipeViewUpdates versionGuarded() {
        return new PipeViewUpdates() {
            @Override
            public Optional<PipeView> findForUpdate(String key, long sequence) {
                return findInViews(key);
            }

            @Override
            public void replace(PipeView view) {
                save(view);
            }
        };
    }

    /** Waits until every view pending now is stored (or {@code timeout} passed); true when they are. */
    public boolean flush(Duration timeout) {
        return pending.flush(timeout);
    }

    /** Number of views not yet stored in MongoDB. */
    public int pendingCount() {
        return pending.size();
    }

    /** What the views not yet stored in MongoDB weigh ({@link JsonWeights}). */
    public long pendingWeight() {
        return pending.weight();
    }

    /** How the writer of pending views fares. */
    public WriteBehind.State writerState() {
        return pending.state();
    }

    /** Stores every pending view, then stops the writer thread. */
    @Override
    public void close() {
        pending.close();
    }

    /** What to do when the store closes with views it could not store (the read models need a rebuild). */
    public void whenClosedUnstored(Runnable action) {
        pending.whenClosedUnstored(action);
    }

    /**
     * The pending view, else the kept one, as long as it holds the event just before {@code sequence};
     * otherwise the newest of them and MongoDB's (a view that lags behind the event, because another
     * broker wrote the pipe meanwhile, is never folded onto). Only for the projection, under the
     * pipe's lock: that is why what it reads may enter the cache, and a query's read may not.
     */
    @Override
    public Optional<PipeView> findForUpdate(String key, long sequence) {
        PipeView newest = newer(pending.get(key), stored.any(key));
        if (newest != null && newest.version() >= sequence - 1) {
            return Optional.of(newest);
        }
        Optional<PipeView> found = findStored(key);
        found.ifPresent(stored::remember);
        return Optional.ofNullable(newer(newest, found.orElse(null)));
    }

    private static PipeView newer(PipeView a, PipeView b) {
        if (a == null) {
            return b;
        }
        return b == null || a.version() >= b.version() ? a : b;
    }

    private Optional<PipeView> findStored(String key) {
        return Optional.ofNullable(pipes.find(Filters.eq("_id", key)).first()).map(codec::fromDocument);
    }

    /**
     * Pending, else kept and fresh, else MongoDB's: a busy pipe polled by a dashboard is answered from
     * memory, and a change by another broker on the same MongoDB shows within {@code freshFor}.
     */
    @Override
    public Optional<PipeView> find(String key) {
        Function<String, Optional<PipeView>> folding = fromEvents;
        if (folding != null) {
            return Optional.ofNullable(newer(pending.get(key), folding.apply(key).orElse(null)));
        }
        return findInViews(key);
    }

    /**
     * While the read models are rebuilt at start-up (after a crash, they may miss acknowledged writes),
     * {@link #find} answers from {@code fold}, the pipe's own events, rather than from stored views
     * that may be missing or old; null goes back to the views.
     */
    public void answerFromEvents(Function<String, Optional<PipeView>> fold) {
        this.fromEvents = fold;
    }

    private Optional<PipeView> findInViews(String key) {
        PipeView written = pending.get(key);
        if (written != null) {
            return Optional.of(written);
        }
        PipeView kept = stored.fresh(key);
        return kept != null ? Optional.of(kept) : findStored(key);
    }

    @Override
    public Optional<PipeView> await(String key, Predicate<PipeView> ready, Duration timeout) {
        return waits.await(key, ready, timeout);
    }

    @Override
    public List<String> liveIds(String resource) {
        return liveIds.liveIds(resource);
    }

    /** Lists the live pipe ids of each of {@code resources} with one scan, so that no platform change waits for one. */
    public void listLiveIds(Collection<String> resources) {
        liveIds.listAll(resources);
    }

    @Override
    public List<PipeView> list(String resource) {
        List<PipeView> sorted = query(Filters.and(Filters.eq("resource", resource), Filters.eq("deleted", false)),
                view -> view.resource().equals(resource) && !view.deleted());
        sorted.sort(Comparator.comparing(PipeView::pipeId));
        return sorted;
    }

    @Override
    public List<PipeView> failedPropagations() {
        List<PipeView> sorted = query(Filters.eq("propagation.state", PipeView.Propagation.State.FAILED.name()),
                view -> view.propagation() != null && view.propagation().state() == PipeView.Propagation.State.FAILED);
        sorted.sort(Comparator.comparing((PipeView v) -> v.propagation().at(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return sorted;
    }

    /**
     * The stored views that match {@code filter}, with the views that were pending before the query
     * laid over where they are newer ({@code matches} says whether they belong). Taking them before the
     * query means a view the writer stores in between is in one or the other, never in neither.
     */
    private List<PipeView> query(Bson filter, Predicate<PipeView> matches) {
        List<PipeView> unstored = pending.values();
        Map<String, PipeView> result = new HashMap<>();
        for (Document doc : pipes.find(filter)) {
            PipeView view = codec.fromDocument(doc);
            result.put(view.key(), view);
        }
        for (PipeView view : unstored) {
            PipeView queried = result.get(view.key());
            if (queried != null && queried.version() > view.version()) {
                continue; // stored after the snapshot, and newer
            }
            if (matches.test(view)) {
                result.put(view.key(), view);
            } else {
                result.remove(view.key());
            }
        }
        return new ArrayList<>(result.values());
    }

    /** True when no view was ever written (not even a deleted one). */
    public boolean isEmpty() {
        return pending.isEmpty() && pipes.find().limit(1).first() == null;
    }

    /** Live pipes; waits up to {@code flushTimeout} for pending views to be stored first. */
    public long count(Duration flushTimeout) {
        flush(flushTimeout);
        return pipes.countDocuments(Filters.eq("deleted", false));
    }

    /** A fresh shadow collection for a rebuild; once swapped in, this store reads and writes it. */
    public PipeViewShadow shadow() {
        return PipeViewShadow.create(database, codec, () -> {
            pipes = database.getCollection(COLLECTION);
            stored.clear(); // cached views and ids came from the collection just replaced
            liveIds.clear();
        });
    }
}
