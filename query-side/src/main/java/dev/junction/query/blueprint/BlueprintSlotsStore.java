package dev.junction.query.blueprint;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** How many pipes each blueprint holds, kept from the slot events. Set operations make replays harmless. */
public class BlueprintSlotsStore implements BlueprintSlotUpdates {

    public static final String COLLECTION = "blueprint_slots";

    private final MongoDatabase database;

    public BlueprintSlotsStore(MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> slots() {
        return database.getCollection(COLLECTION);
    }

    @Override
    public void taken(String blueprintKey, String pipeKey) {
        slots().updateOne(Filters.eq("_id", blueprintKey), Updates.addToSet("pipes", pipeKey),
                new UpdateOptions().upsert(true));
    }

    @Override
    public void released(String blueprintKey, String pipeKey) {
        slots().updateOne(Filters.eq("_id", blueprintKey), Updates.pull("pipes", pipeKey));
    }

    public int count(String blueprintKey) {
        Document doc = slots().find(Filters.eq("_id", blueprintKey)).first();
        if (doc == null) {
            return 0;
        }
        List<String> pipes = doc.getList("pipes", String.class);
        return pipes == null ? 0 : pipes.size();
    }

    /** Replaces every document with the given state (used by a rebuild). */
    public void replaceAll(Map<String, ? extends Collection<String>> pipesByBlueprint) {
        slots().drop();
        List<Document> docs = pipesByBlueprint.entrySet().stream()
                .map(e -> new Document("_id", e.getKey()).append("pipes", List.copyOf(e.getValue())))
                .toList();
        if (!docs.isEmpty()) {
            slots().insertMany(docs);
        }
    }
}
