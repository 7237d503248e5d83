package dev.junction.infra.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.junction.infra.outbound.PeerUrlPolicy;

import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peer issuers' public keys, found through OIDC discovery ({@code {iss}/.well-known/openid-configuration},
 * then its {@code jwks_uri}) and cached. An unknown {@code kid} triggers a refresh, at most once per
 * {@code minRefresh} per issuer so a flood of bad tokens cannot turn into a flood of fetches; a fetch
 * that failed is not tried again for that issuer within {@code minRefresh} either (its tokens are
 * refused meanwhile, with the reason). Fetches of one issuer never hold up another issuer's tokens.
 */
public class IssuerKeys {

    /** A discovery document or key set larger than this is refused, and read no further. */
    private static final int MAX_DOCUMENT = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
                    .maxStringLength(MAX_DOCUMENT).maxDocumentLength(MAX_DOCUMENT).build())
            .build());

    private final HttpClient http;
    private final PeerUrlPolicy urls;
    private final Duration readTimeout;
    private final Duration maxAge;
    private final Duration minRefresh;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();

    private record Entry(JWKSet keys, Instant fetchedAt) {
    }

    private record Failure(String reason, Instant at) {
    }

    public IssuerKeys(HttpClient http, PeerUrlPolicy urls, Duration readTimeout, Duration maxAge, Duration minRefresh,
                      Clock clock) {
        this.http = http;
        this.urls = urls;
        this.readTimeout = readTimeout;
        this.maxAge = maxAge;
        this.minRefresh = minRefresh;
        this.clock = clock;
    }

    /** The issuer's key with this id, fetching the issuer's keys when needed; null when it has none. */
    public JWK key(String issuer, String kid) throws IOException {
        Instant now = clock.instant();
        Entry entry = cache.get(issuer);
        if (entry != null && entry.fetchedAt().plus(maxAge).isAfter(now)) {
            JWK key = find(entry.keys(), kid);
            if (key != null || entry.fetchedAt().plus(minRefresh).isAfter(now)) {
                return key;
            }
        }
        synchronized (fetching.computeIfAbsent(issuer, i -> new Object())) {
            Entry again = cache.get(issuer);
            if (again != null && again != entry && again.fetchedAt().plus(minRefresh).isAfter(now)) {
                return find(again.keys(), kid);
            }
            Failure failed = failures.get(issuer);
            if (failed != null && failed.at().plus(minRefresh).isAfter(now)) {
                if (again != null && again.fetchedAt().plus(maxAge).isAfter(now)) {
                    return find(again.keys(), kid); // the keys known before the failed refresh
                }
                throw new IOException(failed.reason() + " (at " + failed.at() + "; not fetched again before "
                        + failed.at().plus(minRefresh) + ")");
            }
            JWKSet fresh;
            try {
                fresh = fetch(issuer);
            } catch (IOException | RuntimeException e) {
                failures.put(issuer, new Failure(e.getMessage(), clock.instant()));
                throw e;
            }
            failures.remove(issuer);
            cache.put(issuer, new Entry(fresh, clock.instant()));
            return find(fresh, kid);
        }
    }

    private static JWK find(JWKSet keys, String kid) {
        return kid == null ? (keys.getKeys().size() == 1 ? keys.getKeys().get(0) : null) : keys.getKeyByKeyId(kid);
    }

    private JWKSet fetch(String issuer) throws IOException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        JsonNode discovery = get(urls.check(base + "/.well-known/openid-configuration"));
        String jwksUri = discovery.path("jwks_uri").asText(null);
        if (jwksUri == null) {
            throw new IOException("discovery document of " + issuer + " has no jwks_uri");
        }
        if (!issuer.equals(discovery.path("issuer").asText(issuer))) {
            throw new IOException("discovery document of " + issuer + " names another issuer");
        }
        JsonNode jwks = get(urls.check(jwksUri));
        try {
            return JWKSet.parse(jwks.toString());
        } catch (ParseException e) {
            throw new IOException("JWKS of " + issuer + " cannot be read: " + e.getMessage());
        }
    }

    private JsonNode get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).header("Accept", "application/json")
                .GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri);
        }
        try (InputStream body = response.body()) { // closing it early drops what the issuer still sends
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered " + response.statusCode());
            }
            byte[] document = body.readNBytes(MAX_DOCUMENT + 1);
            if (document.length > MAX_DOCUMENT) {
                throw new IOException(uri + " answered more than " + MAX_DOCUMENT + " bytes");
            }
            return JSON.readTree(document);
        }
    }
}
