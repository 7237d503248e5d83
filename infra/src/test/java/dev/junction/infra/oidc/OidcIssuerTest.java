package dev.junction.infra.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.junction.infra.peer.JunctionTestBase;
import dev.junction.infra.peer.ReferencePeer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Junction as an OIDC issuer: discovery, published keys, rotation, and its private keys at rest. */
class OidcIssuerTest extends JunctionTestBase {

    @Autowired
    DataSource dataSource;

    @Autowired
    SigningKeys signingKeys;

    @Test
    void discoveryDocumentNamesTheIssuerAndItsKeys() {
        Response response = getPublic(ROOT + "/.well-known/openid-configuration");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw().headers().firstValue("Content-Type")).get().asString()
                .startsWith("application/json");
        JsonNode doc = response.json();
        assertThat(doc.path("issuer").asText()).isEqualTo(ROOT);
        assertThat(doc.path("jwks_uri").asText()).isEqualTo(ROOT + "/.well-known/jwks.json");
        assertThat(doc.path("id_token_signing_alg_values_supported")).extracting(JsonNode::asText)
                .contains("RS256");
    }

    @Test
    void jwksPublishesPublicRsaKeysWithKids() {
        Response response = getPublic(ROOT + "/.well-known/jwks.json");

        assertThat(response.status()).isEqualTo(200);
        JsonNode keys = response.json().path("keys");
        assertThat(keys).isNotEmpty();
        for (JsonNode key : keys) {
            assertThat(key.path("kid").asText()).isNotBlank();
            assertThat(key.path("kty").asText()).isEqualTo("RSA");
            assertThat(key.has("n") && key.has("e")).isTrue();
            assertThat(key.has("d") || key.has("p") || key.has("q") || key.has("dp") || key.has("dq")
                    || key.has("qi")).as("no private part is published: %s", key).isFalse();
        }
        assertThat(junctionKeys().getKeyByKeyId(signingKeys.current().kid())).isNotNull();
    }

    @Test
    void rotationSignsNewTokensWithANewKeyWhileTheOldOneStaysPublished() throws Exception {
        String before = tokenKid(sendSomething());
        assertThat(junctionKeys().getKeyByKeyId(before)).isNotNull();
        assertThat(unauthenticatedPost("/admin/keys/rotate")).isEqualTo(401);

        Response rotate = call("POST", "/admin/keys/rotate", null);

        assertThat(rotate.status()).as(rotate.body()).isEqualTo(200);
        String rotated = rotate.json().path("kid").asText();
        assertThat(rotated).isNotBlank().isNotEqualTo(before);
        JWKSet published = junctionKeys();
        assertThat(published.getKeys()).extracting(JWK::getKeyID).contains(before, rotated);

        ReferencePeer.Received after = sendSomething();
        assertThat(tokenKid(after)).isEqualTo(rotated);
        assertThat(after.token().verify(new RSASSAVerifier((RSAKey) published.getKeyByKeyId(rotated)))).isTrue();
        assertThat(after.token().verify(new RSASSAVerifier((RSAKey) published.getKeyByKeyId(before)))).isFalse();
    }

    /** Creates a pipe towards the reference peer and answers the delivery the peer got. */
    private static ReferencePeer.Received sendSomething() {
        String id = uniqueId("kid");
        String peerPath = "/db/pipes/to-" + id;
        createPipe("db", id, Map.of("URI", "https://kid.example.com"),
                Map.of("uri", PEER.root() + peerPath, "issuer", PEER.root()));
        return await().atMost(PATIENCE).until(() -> PEER.patches(peerPath), list -> !list.isEmpty()).get(0);
    }

    private static String tokenKid(ReferencePeer.Received received) {
        return received.token().getHeader().getKeyID();
    }

    @Test
    void privateKeysAreNotStoredInPlainText() throws Exception {
        RSAKey current = signingKeys.current().key();
        byte[] pkcs8 = current.toRSAPrivateKey().getEncoded();
        byte[] exponent = unsigned(current.toRSAPrivateKey().getPrivateExponent());
        byte[] prime = unsigned(current.getFirstPrimeFactor().decodeToBigInteger());

        List<Map<String, Object>> rows = new JdbcTemplate(dataSource)
                .queryForList("SELECT kid, public_jwk, private_key FROM signing_key");

        assertThat(rows).extracting(r -> r.get("kid")).contains(current.getKeyID());
        for (Map<String, Object> row : rows) {
            byte[] stored = (byte[]) row.get("private_key");
            assertThat(stored).isNotEmpty();
            assertThat(indexOf(stored, pkcs8)).as("PKCS#8 of the signing key in %s", row.get("kid")).isEqualTo(-1);
            assertThat(indexOf(stored, exponent)).as("private exponent in %s", row.get("kid")).isEqualTo(-1);
            assertThat(indexOf(stored, prime)).as("prime factor in %s", row.get("kid")).isEqualTo(-1);
            String asText = new String(stored, StandardCharsets.ISO_8859_1);
            assertThat(asText).doesNotContain(Base64.getEncoder().encodeToString(pkcs8).substring(0, 64))
                    .doesNotContain(current.getPrivateExponent().toString().substring(0, 64));
            JsonNode publicJwk = JSON.readTree((String) row.get("public_jwk"));
            assertThat(publicJwk.has("d") || publicJwk.has("p") || publicJwk.has("q")).isFalse();
        }
    }

    @Test
    void masterKeyFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = DATA_DIR.resolve("keys").resolve("master.key");

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
    }

    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
