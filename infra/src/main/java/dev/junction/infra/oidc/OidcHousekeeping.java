package dev.junction.infra.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rotates the signing key when it is due, picks up keys other brokers made, and purges expired replay records. */
public final class OidcHousekeeping implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(OidcHousekeeping.class);

    private final SigningKeys keys;
    private final ReplayGuard replays;

    public OidcHousekeeping(SigningKeys keys, ReplayGuard replays) {
        this.keys = keys;
        this.replays = replays;
    }

    @Override
    public void run() {
        try {
            keys.rotateIfDue();
            keys.reload();
            replays.purgeExpired();
        } catch (RuntimeException e) {
            log.warn("OIDC housekeeping failed: {}", e.toString());
        }
    }
}
