package dev.junction.infra.outbound;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs the broker may call on a peer's behalf (pipe ends, discovery documents, JWKS). Only
 * absolute http(s) URLs without user info; when an allow-list is configured
 * ({@code junction.peers.allowed-hosts}), only its hosts. Redirects are never followed, so an allowed
 * host cannot bounce a call elsewhere.
 */
public class PeerUrlPolicy {

    private final List<String> allowedHosts;

    public PeerUrlPolicy(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** The URL fit for a log line or an error: without user info (which may hold a password). */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
    }

    /** The URI, or an exception that says why it may not be called. */
    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no URL");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URLs are called, not " + scheme + ":");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URL needs a host and no user info");
        }
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("host " + uri.getHost() + " is not in junction.peers.allowed-hosts");
        }
        return uri;
    }
}
