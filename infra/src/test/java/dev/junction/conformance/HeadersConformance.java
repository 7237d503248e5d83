package dev.junction.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.junction.conformance.Instances.deleteQuery;
import static dev.junction.conformance.Instances.instancePath;
import static dev.junction.conformance.Instances.newId;
import static org.assertj.core.api.Assertions.assertThat;

/** Headers: {@code X-Broker-API-Version}, {@code X-Broker-API-Originating-Identity}, {@code X-Broker-API-Request-Identity}. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Headers")
class HeadersConformance {

    @ParameterizedTest(name = "X-Broker-API-Version: {0}")
    @ValueSource(strings = {"2.13", "2.14", "2.15", "2.16", "2.17"})
    @DisplayName("Requests declare the version of the API the Platform uses: the versions Junction implements are accepted")
    void apiVersionHeader_supportedVersions_areAccepted(String version) {
        if (!"2.17".equals(version)) {
            OsbTarget.current().requireJunction("other brokers may require a later version");
        }
        OsbHttp.Response answer = OsbTarget.current().http().request("GET", "/v2/catalog").header(OsbHttp.VERSION, version).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @ParameterizedTest(name = "X-Broker-API-Version: {0}")
    @ValueSource(strings = {"1.0", "2.12", "3.0", "two", "2.17.1.4.5.6.7.8"})
    @DisplayName("The Service Broker MAY reject the request with 412 Precondition Failed and provide a message that informs the operator of the API version to use")
    void apiVersionHeader_unsupported_is412WithMessage(String version) {
        OsbHttp.Response answer = OsbTarget.current().http().request("GET", "/v2/catalog").header(OsbHttp.VERSION, version).send();
        if (!OsbTarget.current().junction() && answer.status() == 200) {
            return; // a MAY: another broker may serve this version
        }
        assertThat(answer.status()).as(answer.toString()).isEqualTo(412);
        assertThat(answer.json().path("description").asText()).as("a message naming the version to use").contains("2.");
    }

    @Test
    @DisplayName("If the request doesn't contain the header, the Service Broker MAY reject it with 400 Bad Request (Junction: 412) and a message that the header is required")
    void apiVersionHeader_missing_isRejectedWithMessage() {
        OsbHttp.Response answer = OsbTarget.current().http().request("GET", "/v2/catalog").without(OsbHttp.VERSION).send();
        if (!OsbTarget.current().junction() && answer.status() == 200) {
            return;
        }
        assertThat(answer.status()).as(answer.toString()).isIn(400, 412);
        assertThat(answer.json().path("description").asText()).contains(OsbHttp.VERSION);
    }

    @Test
    @DisplayName("X-Broker-API-Originating-Identity: Platform value, value a Base64 encoded serialized JSON object, is accepted")
    void originatingIdentity_isAccepted() {
        OsbTarget target = OsbTarget.current();
        OsbHttp.Response answer = target.http().request("GET", "/v2/catalog")
                .header(OsbHttp.ORIGINATING_IDENTITY, OsbHttp.originatingIdentity("catalog-reader")).send();
        assertThat(answer.status()).isEqualTo(200);
        // every instance request of the suite carries one; this one checks a request without it is served too
        String id = newId("no-identity");
        OsbHttp.Response deleted = target.http().request("DELETE", instancePath(id) + deleteQuery(target.service(), target.plan()))
                .without(OsbHttp.ORIGINATING_IDENTITY).send();
        assertThat(deleted.status()).as("no originating identity, as during orphan mitigation: " + deleted).isEqualTo(410);
    }

    @Test
    @DisplayName("The Service Broker SHOULD include X-Broker-API-Request-Identity in the response to the request")
    void requestIdentity_isEchoedOnEveryResponse() {
        OsbTarget target = OsbTarget.current();
        OsbHttp osb = target.http();
        String unknown = instancePath(newId("unknown"));
        List<OsbHttp.Response> answers = new ArrayList<>();
        answers.add(osb.get("/v2/catalog"));
        answers.add(osb.request("GET", "/v2/catalog").without(OsbHttp.VERSION).send());
        answers.add(osb.request("GET", "/v2/catalog").without("Authorization").send());
        answers.add(target.httpAs(target.user(), target.password() + "-wrong").get("/v2/catalog"));
        answers.add(osb.get(unknown));
        answers.add(osb.get(unknown + "/last_operation"));
        answers.add(osb.delete(unknown + deleteQuery(target.service(), target.plan())));
        answers.add(osb.put(unknown + "?accepts_incomplete=true", "{\"service_id\": "));
        if (target.async()) {
            answers.add(osb.put(unknown, Instances.provisionBody(target.service(), target.plan(), null)));
        }
        answers.add(osb.put(unknown + "?accepts_incomplete=true", Map.of("service_id", target.service())));
        for (OsbHttp.Response answer : answers) {
            assertThat(answer.header(OsbHttp.REQUEST_IDENTITY)).as("echoed on " + answer).isEqualTo(answer.requestIdentity());
        }
    }
}
