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
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.junction.api.Randomness;
import dev.junction.api.SecretCodec;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeView;
import dev.junction.query.WriteBehind;
import org.bson.Document;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The pipe views in MongoDB. Each document keeps the aggregate sequence it has applied
 * ({@code version}); a write only lands over an older version, so applying an event twice, or an
 * older one after a newer one, changes nothing. Schemas and data are kept as JSON text: they are
 * user documents whose keys ({@code $schema}, dotted names) are not safe as BSON field names.
 *
 * <p>The projection's writes ({@link #replace}) are written behind ({@link WriteBehind}): every read
 * of this store sees a pending view at once (read-your-writes), a command thread never waits for
 * MongoDB, and a broker that dies with views pending rebuilds its read models at the next start
 * ({@code ReadModelSeal}).
 *
 * <p>The projection reads the current view before it folds an event in ({@link #findForUpdate}); the
 * views it stored last are kept in a bounded cache for that, so a busy pipe is not read back from
 * MongoDB for every event. Only the writer thread and the projection fill the cache: the projection
 * runs under the pipe's aggregate lock and reads only when nothing of the pipe is pending, so what it
 * reads is the newest view; a query thread's read could race with a newer write and never enters it.
 */
public class PipeViewStore implements AutoCloseable {

    public static final String COLLECTION = "pipes";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Views per bulk write. */
    private static final int BATCH = 1_000;
    /** Pending views beyond which writers wait for the writer thread (bounded memory). */
    private static final int MAX_PENDING = 50_000;
    public static final int DEFAULT_CACHED_VIEWS = 20_000;
    /** How long a kept view answers queries without asking MongoDB. */
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a listing of a resource's live pipe ids stands (kept up to date by this broker's writes). */
    private static final long LIVE_IDS_NANOS = TimeUnit.SECONDS.toNanos(10);
    private volatile long liveIdsNanos = LIVE_IDS_NANOS;

    private final MongoDatabase database;
    private final SecretCodec secrets;
    private volatile MongoCollection<Document> pipes;
    private final WriteBehind<PipeView> pending;
    private final Map<String, Kept> stored;

    /** A view as stored in MongoDB, and when this store last knew it to be the newest. */
    private record Kept(PipeView view, long atNanos) {
    }

    /**
     * The live pipe ids of a resource as MongoDB listed them at {@code atNanos}, kept up to date since;
     * {@code listed} completes when the listing is done (writes meanwhile land in {@code ids} too).
     */
    private record LiveIds(Set<String> ids, Set<String> deletedWhileListing, long atNanos,
                           CompletableFuture<Void> listed) {
        LiveIds() {
            this(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(), System.nanoTime(),
                    new CompletableFuture<>());
        }

        /** The listing is done: what was deleted while it ran may have been read as live before. */
        void complete() {
            ids.removeAll(deletedWhileListing);
            listed.complete(null);
        }
    }

    private final Map<String, LiveIds> liveIds = new ConcurrentHashMap<>();

    /** A store whose pipe data is sealed with {@code secrets}: it often holds credentials. */
    public PipeViewStore(MongoDatabase database, SecretCodec secrets) {
        this(database, secrets, DEFAULT_CACHED_VIEWS);
    }

    /** ... keeping up to {@code cachedViews} recently stored views in memory for the projection. */
    public PipeViewStore(MongoDatabase database, SecretCodec secrets, int cachedViews) {
        this.database = database;
        this.secrets = secrets;
        this.stored = Caffeine.newBuilder().maximumSize(cachedViews).executor(Runnable::run).<String, Kept>build().asMap();
        this.pipes = collection(COLLECTION);
        this.pending = new WriteBehind<>("pipe views", PipeView::key, this::writeBatch, this::remember, BATCH,
                MAX_PENDING);
    }

    public PipeViewStore(MongoDatabase database) {
        this(database, SecretCodec.NONE);
    }

    private MongoCollection<Document> collection(String name) {
        // No secondary index: the embedded wire server cannot use one for the list queries (their
        // filters are compound) and maintaining it tripled the cost of every write (measured).
        return database.getCollection(name);
    }

    /**
     * Tells the store that no other broker writes its MongoDB (the embedded default), so a listing of
     * live pipe ids, kept up to date by this store's own writes, never needs to be made again.
     */
    public void soleWriter(boolean sole) {
        listingsStandFor(sole ? Long.MAX_VALUE : LIVE_IDS_NANOS);
    }

    void listingsStandFor(long nanos) {
        liveIdsNanos = nanos;
    }

    /** Writes the view unless the stored one is as new or newer. */
    public void save(PipeView view) {
        save(pipes, view);
        stored.remove(view.key()); // written around the cache: the next read for an update goes to MongoDB
        liveIds.remove(view.resource());
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

    /**
     * Writes a view known to be newer than the stored one (the caller has just read it), behind: it is
     * visible to every read at once and reaches MongoDB shortly after. Waits while too many views are
     * pending (MongoDB unreachable or slower than the event rate).
     */
    public void replace(PipeView view) {
        pending.put(view);
        trackLiveness(view);
    }

    /** Keeps the listed live ids of the view's resource, if listed, up to date with this write. */
    private void trackLiveness(PipeView view) {
        LiveIds known = liveIds.get(view.resource());
        if (known != null) {
            if (view.deleted()) {
                known.ids().remove(view.pipeId());
                if (!known.listed().isDone()) {
                    known.deletedWhileListing().add(view.pipeId());
                }
            } else {
                known.ids().add(view.pipeId());
                known.deletedWhileListing().remove(view.pipeId());
            }
        }
    }

    private void writeBatch(List<PipeView> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(batch.size());
        for (PipeView view : batch) {
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", view.key()), toDocument(view),
                    new ReplaceOptions().upsert(true)));
        }
        pipes.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /**
     * Waits until every view pending now is stored in MongoDB (or {@code timeout} passed); true when
     * they are.
     */
    public boolean flush(java.time.Duration timeout) {
        return pending.flush(timeout);
    }

    /** Number of views not yet stored in MongoDB. */
    public int pendingCount() {
        return pending.size();
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

    private void replace(MongoCollection<Document> target, PipeView view) {
        target.replaceOne(Filters.eq("_id", view.key()), toDocument(view), new ReplaceOptions().upsert(true));
    }

    /**
     * The view as the projection needs it before folding in the event at aggregate sequence
     * {@code sequence}: the pending one, else the cached one, as long as it holds the event just before;
     * otherwise MongoDB's (then cached), or whichever of them is newest. A view that lags behind the
     * event (another broker on the same databases wrote the pipe meanwhile) is never folded onto.
     * Only for the projection, under the pipe's lock.
     */
    public Optional<PipeView> findForUpdate(String key, long sequence) {
        Kept kept = stored.get(key);
        PipeView newest = newer(pending.get(key), kept == null ? null : kept.view());
        if (newest != null && newest.version() >= sequence - 1) {
            return Optional.of(newest);
        }
        Optional<PipeView> found = find(pipes, key);
        found.ifPresent(this::remember);
        return Optional.ofNullable(newer(newest, found.orElse(null)));
    }

    private static PipeView newer(PipeView a, PipeView b) {
        if (a == null) {
            return b;
        }
        return b == null || a.version() >= b.version() ? a : b;
    }

    private Optional<PipeView> find(MongoCollection<Document> target, String key) {
        return Optional.ofNullable(target.find(Filters.eq("_id", key)).first()).map(this::fromDocument);
    }

    /** Caches a stored view unless a newer one is cached already. */
    private void remember(PipeView view) {
        stored.merge(view.key(), new Kept(view, System.nanoTime()),
                (old, candidate) -> candidate.view().version() >= old.view().version() ? candidate : old);
    }

    /**
     * The view of {@code key}: pending, else kept from a store within the last second, else MongoDB's.
     * A busy pipe polled by a dashboard is answered from memory; a pipe changed by another broker on
     * the same MongoDB shows its change within a second.
     */
    public Optional<PipeView> find(String key) {
        PipeView written = pending.get(key);
        if (written != null) {
            return Optional.of(written);
        }
        Kept kept = stored.get(key);
        if (kept != null && System.nanoTime() - kept.atNanos() < FRESH_NANOS) {
            return Optional.of(kept.view());
        }
        return find(pipes, key);
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

    /**
     * The ids of the resource's live pipes, sorted. Listing them means a scan of the whole collection
     * in the embedded wire server (the filter is compound: measured, seconds with 100,000 pipes), so a
     * listing stands for ten seconds and is kept up to date by this broker's own writes meanwhile: a
     * busy resource's platform changes cost one scan in ten seconds, not one each. A pipe that another
     * broker on the same MongoDB creates or deletes shows within those ten seconds; a broker that is
     * the only writer of its MongoDB ({@link #soleWriter}) lists each resource once.
     */
    public List<String> liveIds(String resource) {
        LiveIds known = liveIds.get(resource);
        if (known == null || System.nanoTime() - known.atNanos() >= liveIdsNanos) {
            LiveIds fresh = new LiveIds();
            boolean mine = known == null ? liveIds.putIfAbsent(resource, fresh) == null
                    : liveIds.replace(resource, known, fresh);
            if (mine) { // registered before the scan, so that what this broker writes meanwhile lands in it
                list(fresh, () -> list(resource).forEach(view -> fresh.ids().add(view.pipeId())));
            }
            known = liveIds.getOrDefault(resource, fresh);
        }
        known.listed().join(); // another thread's listing, maybe
        List<String> ids = new ArrayList<>(known.ids());
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /**
     * Lists the live pipe ids of each of {@code resources} with one scan, reading ids only (a sole
     * writer's start-up), so that no platform change waits for a listing later.
     */
    public void listLiveIds(Collection<String> resources) {
        Map<String, LiveIds> fresh = new HashMap<>();
        for (String resource : resources) {
            LiveIds listing = new LiveIds();
            fresh.put(resource, listing);
            liveIds.put(resource, listing);
        }
        // views pending before the scan are at least as new as what it reads of them; what is written
        // during the scan lands in the registered listings directly (replace), deletions last
        List<PipeView> pendingBefore = pending.values();
        Set<String> pendingKeys = new java.util.HashSet<>();
        pendingBefore.forEach(view -> pendingKeys.add(view.key()));
        try {
            for (Document doc : pipes.find(Filters.eq("deleted", false))
                    .projection(Projections.include("resource", "pipeId"))) {
                LiveIds listing = fresh.get(doc.getString("resource"));
                if (listing != null && !pendingKeys.contains(doc.getString("_id"))) {
                    listing.ids().add(doc.getString("pipeId"));
                }
            }
            for (PipeView view : pendingBefore) {
                LiveIds listing = fresh.get(view.resource());
                if (listing != null && !view.deleted()) {
                    listing.ids().add(view.pipeId());
                }
            }
        } catch (RuntimeException e) {
            fresh.forEach((resource, listing) -> {
                liveIds.remove(resource, listing);
                listing.listed().completeExceptionally(e);
            });
            throw e;
        }
        fresh.values().forEach(LiveIds::complete);
    }

    /** Runs a listing and says when it is done; a failed listing is forgotten, so the next call tries again. */
    private void list(LiveIds listing, Runnable scan) {
        try {
            scan.run();
            listing.complete();
        } catch (RuntimeException e) {
            liveIds.values().remove(listing);
            listing.listed().completeExceptionally(e);
            throw e;
        }
    }

    public List<PipeView> list(String resource) {
        List<PipeView> unstored = pending.values(); // before the query: see overlay
        Map<String, PipeView> result = new HashMap<>();
        for (Document doc : pipes.find(Filters.and(Filters.eq("resource", resource), Filters.eq("deleted", false)))) {
            PipeView view = fromDocument(doc);
            result.put(view.key(), view);
        }
        overlay(result, unstored, view -> view.resource().equals(resource) && !view.deleted());
        List<PipeView> sorted = new ArrayList<>(result.values());
        sorted.sort(Comparator.comparing(PipeView::pipeId));
        return sorted;
    }

    /** Pipes whose delivery to the peer has failed for good, oldest failure first. */
    public List<PipeView> failedPropagations() {
        List<PipeView> unstored = pending.values();
        Map<String, PipeView> result = new HashMap<>();
        for (Document doc : pipes.find(Filters.eq("propagation.state", PipeView.Propagation.State.FAILED.name()))) {
            PipeView view = fromDocument(doc);
            result.put(view.key(), view);
        }
        overlay(result, unstored, view -> view.propagation() != null
                && view.propagation().state() == PipeView.Propagation.State.FAILED);
        List<PipeView> sorted = new ArrayList<>(result.values());
        sorted.sort(Comparator.comparing((PipeView v) -> v.propagation().at(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return sorted;
    }

    /**
     * Lays the views that were pending before the query over its result, where they are newer: adds
     * those that match, drops those that no longer do. Taking them before the query means a view the
     * writer stores in between is in one or the other, never in neither.
     */
    private static void overlay(Map<String, PipeView> queried, List<PipeView> unstored, Predicate<PipeView> matches) {
        for (PipeView view : unstored) {
            PipeView stored = queried.get(view.key());
            if (stored != null && stored.version() > view.version()) {
                continue; // stored after the snapshot, and newer
            }
            if (matches.test(view)) {
                queried.put(view.key(), view);
            } else {
                queried.remove(view.key());
            }
        }
    }

    /** True when no view was ever written (not even a deleted one). */
    public boolean isEmpty() {
        return pending.isEmpty() && pipes.find().limit(1).first() == null;
    }

    /** Live pipes; waits for pending views to be stored first. */
    public long count() {
        flush(java.time.Duration.ofSeconds(30));
        return pipes.countDocuments(Filters.eq("deleted", false));
    }

    /** A store writing into a fresh shadow collection, for a rebuild that swaps it in at the end. */
    public Shadow shadow() {
        // a name of its own for every rebuild: after a kill, the embedded wire server may still hold
        // documents of an earlier shadow under its old name although it no longer lists it (seen after
        // two kills in a row: inserts into the dropped shadow failed as duplicates)
        for (String existing : database.listCollectionNames()) {
            if (existing.startsWith(COLLECTION + "_rebuild")) {
                database.getCollection(existing).drop(); // abandoned by an earlier rebuild
            }
        }
        String name = COLLECTION + "_rebuild_" + Randomness.uuid().toString().replace("-", "");
        database.createCollection(name); // exists even when nothing is written, so it can be swapped in
        return new Shadow(collection(name));
    }

    public final class Shadow {
        private final MongoCollection<Document> target;
        /** Keys written by {@link #saveAll} (the shadow starts empty, so these are all it holds). */
        private final java.util.Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private Shadow(MongoCollection<Document> target) {
            this.target = target;
        }

        /** The view the shadow holds; a pipe never written to it is not looked up at all. */
        public Optional<PipeView> find(String key) {
            return written.contains(key) ? PipeViewStore.this.find(target, key) : Optional.empty();
        }

        /**
         * Writes the views, overwriting what the shadow holds for them. A pipe the shadow has not
         * held yet is inserted, which costs the embedded wire server a fraction of an upsert (no
         * lookup, no match); most pipes of a rebuild are written once.
         */
        public void saveAll(Collection<PipeView> views) {
            if (views.isEmpty()) {
                return;
            }
            List<WriteModel<Document>> writes = new ArrayList<>(views.size());
            for (PipeView view : views) {
                if (written.add(view.key())) {
                    writes.add(new InsertOneModel<>(toDocument(view)));
                } else {
                    writes.add(new ReplaceOneModel<>(Filters.eq("_id", view.key()), toDocument(view),
                            new ReplaceOptions().upsert(true)));
                }
            }
            target.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }

        public void save(PipeView view) {
            PipeViewStore.this.save(target, view);
            written.add(view.key());
            stored.remove(view.key());
        }

        /** Makes the shadow the live collection. */
        public void swapIn() {
            target.renameCollection(new com.mongodb.MongoNamespace(database.getName(), COLLECTION),
                    new com.mongodb.client.model.RenameCollectionOptions().dropTarget(true));
            pipes = collection(COLLECTION);
            stored.clear(); // cached views and ids came from the collection just replaced
            liveIds.clear();
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
