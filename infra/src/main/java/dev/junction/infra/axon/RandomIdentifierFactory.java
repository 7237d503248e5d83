package dev.junction.infra.axon;

import dev.junction.api.Randomness;
import org.axonframework.common.IdentifierFactory;

/**
 * Axon's message identifiers (every event, command and query gets one) as random UUIDs from a
 * per-thread generator instead of {@link java.util.UUID#randomUUID()}'s process-wide lock. Found by
 * Axon through {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public class RandomIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return Randomness.uuid().toString();
    }
}
