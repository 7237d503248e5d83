package dev.junction.query.pipe;

import dev.junction.api.pipe.PipeView;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The live pipe ids of each resource, listed from MongoDB once and kept up to date by this broker's
 * own writes. A listing scans the whole collection in the embedded wire server, so it stands for a
 * while ({@code standFor}) instead of being made for every platform change; a sole writer's listing
 * stands for good.
 */
final class LiveIdsIndex {

    /**
     * The live pipe ids of a resource as listed at {@code atNanos}, kept up to date since;
     * {@code listed} completes when the listing is done (writes meanwhile land in {@code ids} too).
     */
    private record Listing(Set<String> ids, Set<String> deletedWhileListing, long atNanos,
                           CompletableFuture<Void> listed) {
        Listing() {
            this(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(), System.nanoTime(),
                    new CompletableFuture<>());
        }

        /** The listing is done: what was deleted while it ran may have been read as live before. */
        void complete() {
            ids.removeAll(deletedWhileListing);
            listed.complete(null);
        }
    }

    private final Function<String, List<PipeView>> list;
    private final Supplier<List<PipeView>> pending;
    private final Supplier<Iterable<Document>> storedLive;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private volatile long standNanos;

    /**
     * @param list       the live pipes of one resource, pending views laid over
     * @param pending    a snapshot of the views not yet stored
     * @param storedLive every stored live pipe, as documents holding {@code _id}, {@code resource}, {@code pipeId}
     */
    LiveIdsIndex(Function<String, List<PipeView>> list, Supplier<List<PipeView>> pending,
                 Supplier<Iterable<Document>> storedLive, Duration standFor) {
        this.list = list;
        this.pending = pending;
        this.storedLive = storedLive;
        this.standNanos = standFor.toNanos();
    }

    /** How long a listing stands before it is made again. */
    void standFor(Duration duration) {
        standNanos = duration.toNanos();
    }

    /** The ids of the resource's live pipes, sorted; lists them when no listing stands. */
    List<String> liveIds(String resource) {
        Listing known = listings.get(resource);
        if (known == null || System.nanoTime() - known.atNanos() >= standNanos) {
            Listing fresh = new Listing();
            boolean mine = known == null ? listings.putIfAbsent(resource, fresh) == null
                    : listings.replace(resource, known, fresh);
            if (mine) { // registered before the scan, so that what this broker writes meanwhile lands in it
                list(fresh, () -> list.apply(resource).forEach(view -> fresh.ids().add(view.pipeId())));
            }
            known = listings.getOrDefault(resource, fresh);
        }
        known.listed().join(); // another thread's listing, maybe
        List<String> ids = new ArrayList<>(known.ids());
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** Lists the live pipe ids of each of {@code resources} with one scan (a sole writer's start-up). */
    void listAll(Collection<String> resources) {
        Map<String, Listing> fresh = new HashMap<>();
        for (String resource : resources) {
            Listing listing = new Listing();
            fresh.put(resource, listing);
            listings.put(resource, listing);
        }
        // views pending before the scan are at least as new as what it reads of them; what is written
        // during the scan lands in the registered listings directly (written), deletions last
        List<PipeView> pendingBefore = pending.get();
        Set<String> pendingKeys = new HashSet<>();
        pendingBefore.forEach(view -> pendingKeys.add(view.key()));
        try {
            for (Document doc : storedLive.get()) {
                Listing listing = fresh.get(doc.getString("resource"));
                if (listing != null && !pendingKeys.contains(doc.getString("_id"))) {
                    listing.ids().add(doc.getString("pipeId"));
                }
            }
            for (PipeView view : pendingBefore) {
                Listing listing = fresh.get(view.resource());
                if (listing != null && !view.deleted()) {
                    listing.ids().add(view.pipeId());
                }
            }
        } catch (RuntimeException e) {
            fresh.forEach((resource, listing) -> {
                listings.remove(resource, listing);
                listing.listed().completeExceptionally(e);
            });
            throw e;
        }
        fresh.values().forEach(Listing::complete);
    }

    /** Runs a listing and says when it is done; a failed listing is forgotten, so the next call tries again. */
    private void list(Listing listing, Runnable scan) {
        try {
            scan.run();
            listing.complete();
        } catch (RuntimeException e) {
            listings.values().remove(listing);
            listing.listed().completeExceptionally(e);
            throw e;
        }
    }

    /** Keeps the listing of the view's resource, if any, up to date with this broker's write of it. */
    void written(PipeView view) {
        Listing known = listings.get(view.resource());
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

    /** Drops the listing of {@code resource}: the next call lists it afresh. */
    void forget(String resource) {
        listings.remove(resource);
    }

    /** Drops every listing (the collection they came from was replaced). */
    void clear() {
        listings.clear();
    }
}
