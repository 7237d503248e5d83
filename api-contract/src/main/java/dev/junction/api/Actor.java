package dev.junction.api;

/**
 * Who caused an event: a user authenticated by the broker, a peer broker identified by its
 * token's issuer and subject, or the broker itself.
 */
public record Actor(Kind kind, String name, String subject) {

    /** The exchange attribute under which the authentication filter leaves the caller. */
    public static final String EXCHANGE_ATTRIBUTE = "dev.junction.actor";

    public enum Kind { USER, PEER, SYSTEM }

    public static Actor user(String name) {
        return new Actor(Kind.USER, name, null);
    }

    public static Actor peer(String issuer, String subject) {
        return new Actor(Kind.PEER, issuer, subject);
    }

    public static Actor system(String what) {
        return new Actor(Kind.SYSTEM, what, null);
    }
}
