package dev.junction.infra.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * The embedded MongoDB-wire server's H2 MVStore backend, with renames that last. The library's
 * rename moves a collection in memory only: its maps keep the old name in the file, so after a
 * restart the renamed collection is empty and the old name's documents lie unreachable. A rebuild
 * swaps its shadow collection in by a rename, so without this every restart after a rebuild found
 * the pipe views empty and rebuilt them again (docs/architecture.md, "Storage").
 */
public final class EmbeddedMongoBackend extends H2Backend {

    /** The MVStore map prefixes of a collection's documents and its meta data, as the library names them. */
    private static final List<String> MAP_PREFIXES = List.of("databases.", "meta.");
    /** Between a collection's name and an index's in the name of the index's map, as the library names them. */
    private static final String INDEX_INFIX = "._index_";

    public EmbeddedMongoBackend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** An inner class: the library opens indexes while constructing it, before a field of its own is set. */
    private final class Database extends H2Database {

        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        /**
         * The library opens an index's map by name; opened here first, with a key type that compares keys
         * fast ({@link SerializedOrderKeyType}), the library finds it open.
         */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            getMvStore().openMap(getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName,
                    new MVMap.Builder<KeyValue, Object>().keyType(new SerializedOrderKeyType()));
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }

        @Override
        public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newName) {
            String from = collection.getFullName();
            super.moveCollection(oldDatabase, collection, newName); // the library's bookkeeping
            String to = getFullCollectionNamespace(newName);
            for (String prefix : MAP_PREFIXES) {
                rename(prefix + from, prefix + to);
            }
            String indexes = from + INDEX_INFIX;
            for (String map : List.copyOf(getMvStore().getMapNames())) {
                if (map.startsWith(indexes)) {
                    rename(map, to + map.substring(from.length()));
                }
            }
        }

        /** Gives the map of {@code from} the name {@code to}, replacing the empty map the library left there. */
        private void rename(String from, String to) {
            MVStore store = getMvStore();
            if (from.equals(to) || !store.hasMap(from)) {
                return;
            }
            if (store.hasMap(to)) {
                store.removeMap(to);
            }
            store.renameMap(store.openMap(from), to);
        }
    }
}
