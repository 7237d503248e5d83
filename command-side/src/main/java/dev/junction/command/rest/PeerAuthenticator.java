package dev.junction.command.rest;

import dev.junction.api.Actor;

/**
 * Checks a peer broker's Bearer token against the pipe it addresses. Implemented by the OIDC adapter;
 * throws {@link dev.junction.api.error.UnauthorizedException} when the token is not accepted.
 */
public interface PeerAuthenticator {

    /**
     * @param token the compact JWT
     * @param body  the request body, for replay detection of tokens that carry no {@code jti}
     */
    PeerCall authenticate(String token, String resource, String pipeId, String body);

    /** An accepted peer call: who sent it, the version of its end (or null), whether it says the end was deleted. */
    record PeerCall(Actor actor, Long version, boolean deletion) {
    }
}
