package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.BrokerIdentity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

class PipeRepresentationTest {

    private static final BrokerIdentity BROKER = new BrokerIdentity("http://localhost:8001/");

    private static final End THIS = new End("http://localhost:8001/backend/pipes/p1", "http://localhost:8001",
            node("{'required':['URI']}"), obj("{'URI':'https://backend.herokuapp.com'}"));
    private static final End OTHER = new End("http://localhost:8000/frontend/pipes/q1", "http://localhost:8000",
            null, obj("{'AUD':'a'}"));

    @Test
    void aPlainPipeHasItsEndsAndASelfLink() {
        ObjectNode pipe = PipeRepresentation.render(BROKER, "backend", "p1", THIS, OTHER, null);

        assertThat(pipe).isEqualTo(obj("{'id':'p1',"
                + "'this':{'uri':'http://localhost:8001/backend/pipes/p1','issuer':'http://localhost:8001',"
                + "'schema':{'required':['URI']},'data':{'URI':'https://backend.herokuapp.com'}},"
                + "'other':{'uri':'http://localhost:8000/frontend/pipes/q1','issuer':'http://localhost:8000',"
                + "'data':{'AUD':'a'}},"
                + "'_links':{'self':{'href':'http://localhost:8001/backend/pipes/p1'}}}"));
    }

    @Test
    void withoutThisUriTheSelfLinkIsBuiltAbsoluteFromTheRootUrl() {
        ObjectNode pipe = PipeRepresentation.render(BROKER, "backend", "p1", End.EMPTY, null, null);

        assertThat(pipe.at("/_links/self/href").asText()).isEqualTo("http://localhost:8001/backend/pipes/p1");
        assertThat(pipe.get("this")).isEqualTo(obj("{}"));
        assertThat(pipe.get("other")).isEqualTo(obj("{}"));
        assertThat(pipe.has("proto")).isFalse();
        assertThat(pipe.has("adapters")).isFalse();
    }

    @Test
    void aBoundPipeHasProtoAdaptersAndAbsoluteBlueprintLinks() {
        PipeBinding binding = new PipeBinding(BlueprintKind.OFFER, "backend", "https",
                List.of("auth:oidc", "auth:basic"));

        ObjectNode pipe = PipeRepresentation.render(BROKER, "backend", "p1", THIS, OTHER, binding);

        assertThat(pipe.get("proto").asText()).isEqualTo("https");
        assertThat(pipe.get("adapters")).isEqualTo(node("['auth:oidc','auth:basic']"));
        assertThat(pipe.get("_links")).isEqualTo(obj("{"
                + "'self':{'href':'http://localhost:8001/backend/pipes/p1'},"
                + "'blueprint':{'href':'http://localhost:8001/backend/offers/backend'},"
                + "'adapters':[{'href':'http://localhost:8001/backend/offers/backend/adapters/auth:oidc'},"
                + "{'href':'http://localhost:8001/backend/offers/backend/adapters/auth:basic'}],"
                + "'proto':{'href':'http://localhost:8001/backend/offers/backend/protos/https'}}"));
    }

    @Test
    void aNeedsLinksPointUnderNeeds() {
        PipeBinding binding = new PipeBinding(BlueprintKind.NEED, "db", "postgresqls", List.of("auth:server"));

        ObjectNode pipe = PipeRepresentation.render(BROKER, "frontend", "q1", End.EMPTY, End.EMPTY, binding);

        assertThat(pipe.at("/_links/blueprint/href").asText()).isEqualTo("http://localhost:8001/frontend/needs/db");
        assertThat(pipe.at("/_links/proto/href").asText())
                .isEqualTo("http://localhost:8001/frontend/needs/db/protos/postgresqls");
        assertThat(pipe.at("/_links/adapters/0/href").asText())
                .isEqualTo("http://localhost:8001/frontend/needs/db/adapters/auth:server");
    }

    @Test
    void aBindingWithoutProtoHasNoProtoLink() {
        PipeBinding binding = new PipeBinding(BlueprintKind.OFFER, "bare", null, null);

        ObjectNode pipe = PipeRepresentation.render(BROKER, "backend", "p1", THIS, OTHER, binding);

        assertThat(pipe.get("_links").has("proto")).isFalse();
        assertThat(pipe.get("adapters")).isEqualTo(node("[]"));
        assertThat(pipe.get("_links").get("adapters")).isEqualTo(node("[]"));
    }

    @Test
    void aViewRendersLikeItsParts() {
        PipeBinding binding = new PipeBinding(BlueprintKind.OFFER, "backend", "https", List.of("auth:oidc"));
        PipeView view = new PipeView("backend", "p1", THIS, OTHER, binding, 4, 2, 7L, false,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));

        assertThat(PipeRepresentation.render(BROKER, view))
                .isEqualTo(PipeRepresentation.render(BROKER, "backend", "p1", THIS, OTHER, binding));
    }

    @Test
    void anEndLeavesOutWhatItDoesNotHave() {
        assertThat(PipeRepresentation.end(null)).isEqualTo(obj("{}"));
        assertThat(PipeRepresentation.end(new End(null, "http://i", null, null))).isEqualTo(obj("{'issuer':'http://i'}"));
    }

    @Test
    void theRootUrlLosesItsTrailingSlashes() {
        BrokerIdentity broker = new BrokerIdentity("https://broker.example//");

        assertThat(broker.rootUrl()).isEqualTo("https://broker.example");
        assertThat(broker.pipeUri("db", "p1")).isEqualTo("https://broker.example/db/pipes/p1");
        assertThat(broker.templateUri("db", BlueprintKind.OFFER, "pg", "protos", "postgresqls"))
                .isEqualTo("https://broker.example/db/offers/pg/protos/postgresqls");
    }
}
