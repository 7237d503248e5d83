package dev.junction.api.instance;

import java.util.Optional;

/**
 * Opens what was sealed under an instance's own key (bind credentials). Each instance has its own key so
 * that a purge can destroy it: afterwards nothing sealed for that instance can be read, wherever it lies.
 */
public interface InstanceSecrets {

    /** Empty once the instance is purged. */
    Optional<String> open(String instanceId, String sealed);
}
