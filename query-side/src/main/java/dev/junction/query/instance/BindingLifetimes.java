package dev.junction.query.instance;

import dev.junction.query.instance.InstanceView.Binding;

import java.time.Duration;
import java.time.Instant;

/**
 * A binding's credential lifetime as the view shows it: when the credentials expire (as the bind output
 * declared) and when a platform should rotate them, once {@value #RENEW_PERCENT}% of the lifetime has passed,
 * which leaves it time to bind anew and move over before they stop working.
 */
final class BindingLifetimes {

    static final int RENEW_PERCENT = 80;

    private BindingLifetimes() {
    }

    /** The binding with the lifetime of credentials bound at {@code boundAt}; unchanged without an expiry. */
    static Binding lifetime(Binding b, Instant boundAt, Instant expiresAt) {
        if (b == null || expiresAt == null) {
            return b;
        }
        long millis = Math.max(0, Duration.between(boundAt, expiresAt).toMillis());
        Instant renewBefore = boundAt.plusMillis(millis * RENEW_PERCENT / 100);
        return new Binding(b.id(), b.state(), b.parameters(), b.context(), b.lastOperation(), b.sealedCredentials(),
                expiresAt, renewBefore);
    }

    /** The binding with a lifetime computed before (an unbind that failed keeps it). */
    static Binding kept(Binding b, Instant expiresAt, Instant renewBefore) {
        return b == null ? null : new Binding(b.id(), b.state(), b.parameters(), b.context(), b.lastOperation(),
                b.sealedCredentials(), expiresAt, renewBefore);
    }
}
