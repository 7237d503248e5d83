package dev.junction.infra.oidc;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The broker as an OIDC issuer: discovery and keys (public), and key rotation (operator). */
@RestController
public class OidcController {

    private final TokenIssuer issuer;
    private final SigningKeys keys;

    public OidcController(TokenIssuer issuer, SigningKeys keys) {
        this.issuer = issuer;
        this.keys = keys;
    }

    @GetMapping(value = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> discovery() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer.issuer());
        doc.put("jwks_uri", issuer.issuer() + "/.well-known/jwks.json");
        doc.put("response_types_supported", List.of("id_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti",
                TokenIssuer.VERSION_CLAIM, TokenIssuer.DELETED_CLAIM));
        return doc;
    }

    @GetMapping(value = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject(true);
    }

    @PostMapping("/admin/keys/rotate")
    public Mono<Map<String, String>> rotate() {
        return Mono.fromCallable(() -> Map.of("kid", keys.rotate())).subscribeOn(Schedulers.boundedElastic());
    }
}
