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

    /**
     * Forgets that the call's token was used, when its update was refused (a bad body, a schema
     * violation), so that the peer may send it again once that is put right.
     */
    default void release(PeerCall call) {
    }

    /**
     * An accepted peer call: who sent it, the version of its end (or null), whether it says the end
     * was deleted, and the key under which its token counts as used.
     */
    record PeerCall(Actor actor, Long version, boolean deletion, String replayKey) {
    }
}
