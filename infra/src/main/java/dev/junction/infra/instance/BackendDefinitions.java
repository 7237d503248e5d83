package dev.junction.infra.instance;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which backend each name stands for: the catalog file's, unless an operator registered one of that name
 * through the API. Registrations are taken by their event's sequence in the backend's stream, so an older
 * one (a replay, an event met both at start and by the processor) never replaces a newer.
 */
final class BackendDefinitions {

    /** A registration as last learned: {@code definition} null once removed. */
    private record Registration(BackendDefinition definition, long sequence) {
    }

    private final Map<String, BackendDefinition> files = new LinkedHashMap<>();
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    BackendDefinitions(List<BackendDefinition> fromFile) {
        fromFile.forEach(b -> files.put(b.name(), b));
    }

    List<BackendDefinition> fromFile() {
        return List.copyOf(files.values());
    }

    /** Takes a registration (or a removal, {@code null}) unless a newer one is known; true when taken. */
    synchronized boolean take(String name, BackendDefinition definition, long sequence) {
        Registration known = registrations.get(name);
        if (known != null && known.sequence() >= sequence) {
            return false;
        }
        registrations.put(name, new Registration(definition, sequence));
        return true;
    }

    /** The backend a task uses: the one an operator registered, else the catalog file's. */
    Optional<BackendDefinition> get(String name) {
        Registration registered = registrations.get(name);
        if (registered != null && registered.definition() != null) {
            return Optional.of(registered.definition());
        }
        return Optional.ofNullable(files.get(name));
    }

    /** The file's backends in its order, then those only registered, by name. */
    List<String> names() {
        Set<String> names = new LinkedHashSet<>(files.keySet());
        registrations.entrySet().stream().filter(e -> e.getValue().definition() != null).map(Map.Entry::getKey)
                .sorted().forEach(names::add);
        return List.copyOf(names);
    }
}
