package dev.junction.infra.oidc;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.api.testing.FreePorts;
import dev.junction.infra.TestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signing keys live in PostgreSQL under the data directory, encrypted under the master key kept
 * beside them: a broker restarted on the same data directory publishes the same keys and signs with
 * the same key as before. (This test runs its own broker, twice, not the shared one.)
 */
class OidcKeysRestartTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void keysSurviveARestartOnTheSameDataDirectory() throws Exception {
        Path dataDir = TestBroker.dataDir("restart-");
        int port = FreePorts.port();
        String root = "http://127.0.0.1:" + port;

        Set<String> kidsBefore;
        String signingKid;
        JWKSet publishedBefore;
        try (ConfigurableApplicationContext first = start(dataDir, port)) {
            first.getBean(SigningKeys.class).rotate(); // a retired key and a current one
            publishedBefore = jwks(root);
            kidsBefore = kids(publishedBefore);
            signingKid = first.getBean(SigningKeys.class).current().kid();
            assertThat(kidsBefore).hasSize(2).contains(signingKid);
        }

        try (ConfigurableApplicationContext second = start(dataDir, port)) {
            JWKSet publishedAfter = jwks(root);
            assertThat(kids(publishedAfter)).isEqualTo(kidsBefore);
            for (JWK key : publishedAfter.getKeys()) {
                assertThat(key.toJSONObject()).isEqualTo(publishedBefore.getKeyByKeyId(key.getKeyID()).toJSONObject());
            }
            assertThat(second.getBean(SigningKeys.class).current().kid()).isEqualTo(signingKid);

            // the private key came back too: a token signed now verifies with the key published before
            SignedJWT token = SignedJWT.parse(second.getBean(TokenIssuer.class)
                    .mint("http://peer.example/x/pipes/y", root + "/x/pipes/y", 1L, false));
            assertThat(token.getHeader().getKeyID()).isEqualTo(signingKid);
            assertThat(token.verify(new RSASSAVerifier((RSAKey) publishedBefore.getKeyByKeyId(signingKid))))
                    .isTrue();
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, int port) {
        Map<String, String> settings = TestBroker.settings(port, dataDir);
        settings.put("junction.root-url", "http://127.0.0.1:" + port);
        return TestBroker.start(settings);
    }

    private JWKSet jwks(String root) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + "/.well-known/jwks.json"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JWKSet.parse(response.body());
    }

    private static Set<String> kids(JWKSet keys) {
        return keys.getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
    }
}
