package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A peer broker that is not Junction: it plays the cloudpipe reference broker on 127.0.0.1. It is an
 * OIDC issuer of its own (discovery document and JWKS, an RSA key with a {@code kid}), it accepts
 * {@code PATCH /{resource}/pipes/{pipe}} with 202 and records every request, and it sends updates the
 * way the reference does: {@code iss} = its root, {@code aud} = the addressed pipe's uri, {@code sub}
 * = its own pipe's uri, {@code iat}, {@code exp} = now + 1 h, no {@code jti}, no version, and the body
 * {@code {"other":{"data":…}}}.
 */
public final class ReferencePeer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String root;
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private final RSAKey signingKey;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, IntSupplier> answers = new ConcurrentHashMap<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final Map<String, RSAKey> pathIssuers = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One request the peer received. Header names are case-insensitive. */
    public record Received(String method, String path, Map<String, String> headers, String body, int answered) {

        public String header(String name) {
            return headers.get(name);
        }

        public String bearer() {
            String value = header("Authorization");
            return value != null && value.startsWith("Bearer ") ? value.substring(7) : null;
        }

        public SignedJWT token() {
            try {
                return SignedJWT.parse(bearer());
            } catch (ParseException e) {
                throw new AssertionError("not a signed JWT: " + bearer(), e);
            }
        }

        public JWTClaimsSet claims() {
            try {
                return token().getJWTClaimsSet();
            } catch (ParseException e) {
                throw new AssertionError(e);
            }
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** Junction's {@code end_version} claim of the token (an error when it has none). */
        public long endVersion() {
            try {
                Long version = claims().getLongClaim("end_version");
                if (version == null) {
                    throw new AssertionError("the token has no end_version");
                }
                return version;
            } catch (ParseException e) {
                throw new AssertionError(e);
            }
        }

        public boolean deletionNotice() {
            try {
                return Boolean.TRUE.equals(claims().getBooleanClaim("end_deleted"));
            } catch (ParseException e) {
                throw new AssertionError(e);
            }
        }
    }

    public ReferencePeer() {
        try {
            signingKey = newKey(UUID.randomUUID().toString());
            published.add(signingKey.toPublicJWK());
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        root = "http://127.0.0.1:" + server.getAddress().getPort();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The peer's root URL: its issuer. */
    public String root() {
        return root;
    }

    /** The uri of a pipe of this peer. */
    public String pipeUri(String resource, String pipe) {
        return root + "/" + resource + "/pipes/" + pipe;
    }

    public RSAKey signingKey() {
        return signingKey;
    }

    /** Publishes one more key in the JWKS (the key is not used to sign unless a test asks). */
    public void publish(RSAKey key) {
        published.add(key.toPublicJWK());
    }

    /**
     * Serves one more issuer on this host under {@code path} ({@code root + path}, with its own discovery
     * document and JWKS holding {@code key}): an issuer whose name merely starts with this peer's.
     */
    public String addPathIssuer(String path, RSAKey key) {
        pathIssuers.put(path, key.toPublicJWK());
        return root + path;
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** How the peer answers a PATCH of the pipe at {@code path}: the supplier is asked on every request. */
    public void answer(String path, IntSupplier status) {
        answers.put(path, status);
    }

    /** Answers every PATCH of {@code path} with 307 to {@code location}. */
    public void redirect(String path, String location) {
        redirects.put(path, location);
        answer(path, () -> 307);
    }

    /** Answers {@code status} to the first {@code times} PATCHes of {@code path}, then 202. */
    public void failFirst(String path, int times, int status) {
        AtomicInteger left = new AtomicInteger(times);
        answer(path, () -> left.getAndDecrement() > 0 ? status : 202);
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The PATCHes received for the pipe at {@code path} ({@code /{resource}/pipes/{pipe}}), oldest first. */
    public List<Received> patches(String path) {
        return received.stream().filter(r -> r.method().equals("PATCH") && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] bodyBytes = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            for (Map.Entry<String, RSAKey> issuer : pathIssuers.entrySet()) {
                String prefix = issuer.getKey();
                if (method.equals("GET") && path.equals(prefix + "/.well-known/openid-configuration")) {
                    ObjectNode doc = JSON.createObjectNode();
                    doc.put("issuer", root + prefix);
                    doc.put("jwks_uri", root + prefix + "/.well-known/jwks.json");
                    send(exchange, 200, doc.toString());
                    return;
                }
                if (method.equals("GET") && path.equals(prefix + "/.well-known/jwks.json")) {
                    send(exchange, 200, JSON.writeValueAsString(new JWKSet(issuer.getValue()).toJSONObject(true)));
                    return;
                }
            }
            if (method.equals("GET") && path.equals("/.well-known/openid-configuration")) {
                ObjectNode doc = JSON.createObjectNode();
                doc.put("issuer", root);
                doc.put("jwks_uri", root + "/.well-known/jwks.json");
                doc.putArray("id_token_signing_alg_values_supported").add("RS256");
                send(exchange, 200, doc.toString());
                return;
            }
            if (method.equals("GET") && path.equals("/.well-known/jwks.json")) {
                jwksFetches.incrementAndGet();
                send(exchange, 200, JSON.writeValueAsString(new JWKSet(new ArrayList<JWK>(published))
                        .toJSONObject(true)));
                return;
            }
            int status;
            if (method.equals("PATCH") && path.matches("/[^/]+/pipes/[^/]+")) {
                IntSupplier answer = answers.get(path);
                status = answer == null ? 202 : answer.getAsInt();
            } else {
                status = method.equals("PATCH") ? 404 : 405;
            }
            received.add(new Received(method, path, headers, new String(bodyBytes, StandardCharsets.UTF_8), status));
            if (redirects.containsKey(path)) {
                exchange.getResponseHeaders().set("Location", redirects.get(path));
            }
            send(exchange, status, status == 202 ? null : "{\"error\":\"test peer answers " + status + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The reference's claims: iss = this peer, aud, sub, iat = now, exp = now + 1 h; no jti, no version. */
    public JWTClaimsSet.Builder claims(String audience, String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(root)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    /** A reference token for an update of the pipe {@code audience} from this peer's pipe {@code subject}. */
    public String token(String audience, String subject) {
        return sign(claims(audience, subject).build(), signingKey);
    }

    /** A reference token with claims changed by {@code customize}. */
    public String token(String audience, String subject, Consumer<JWTClaimsSet.Builder> customize) {
        JWTClaimsSet.Builder builder = claims(audience, subject);
        customize.accept(builder);
        return sign(builder.build(), signingKey);
    }

    /** RS256 with the key's kid in the header. */
    public static String sign(JWTClaimsSet claims, RSAKey key) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The reference's update body: {@code {"other":{"data":…}}}. */
    public static String updateBody(Map<String, ?> data) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("other").set("data", JSON.valueToTree(data));
        return body.toString();
    }

    /** Sends {@code PATCH url} as the reference does; answers the status. */
    public int patch(String url, String token, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends the reference's update of the Junction pipe {@code junctionPipeUri} from this peer's pipe. */
    public int sendUpdate(String junctionPipeUri, String peerPipeUri, Map<String, ?> data) {
        return patch(junctionPipeUri, token(junctionPipeUri, peerPipeUri), updateBody(data));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
