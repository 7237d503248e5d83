package dev.junction.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Base64;

import static dev.junction.conformance.Instances.deleteQuery;
import static dev.junction.conformance.Instances.instancePath;
import static dev.junction.conformance.Instances.newId;
import static dev.junction.conformance.Instances.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;

/** Platform to Service Broker Authentication: HTTP basic authentication on every request. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Platform to Service Broker Authentication")
class AuthenticationConformance {

    @Test
    @DisplayName("The Service Broker MUST return a 401 Unauthorized response if the authentication fails: no Authorization header")
    void authentication_missing_is401() {
        OsbHttp.Response answer = OsbTarget.current().http().request("GET", "/v2/catalog").without("Authorization").send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
    }

    @Test
    @DisplayName("The Service Broker MUST return a 401 Unauthorized response if the authentication fails: a wrong password, an unknown user")
    void authentication_wrongCredentials_is401() {
        OsbTarget target = OsbTarget.current();
        assertThat(target.httpAs(target.user(), target.password() + "x").get("/v2/catalog").status()).isEqualTo(401);
        assertThat(target.httpAs("not-" + target.user(), target.password()).get("/v2/catalog").status()).isEqualTo(401);
        assertThat(target.http().request("GET", "/v2/catalog").header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("no-colon".getBytes())).send().status()).isEqualTo(401);
        assertThat(target.http().request("GET", "/v2/catalog").header("Authorization", "Bearer x").send().status())
                .isEqualTo(401);
    }

    @Test
    @DisplayName("The Platform MUST authenticate on every request: a provision without valid credentials is 401 and creates nothing")
    void authentication_failedProvision_is401AndChangesNothing() {
        OsbTarget target = OsbTarget.current();
        String id = newId("unauthenticated");
        OsbHttp.Response refused = target.httpAs(target.user(), target.password() + "x")
                .put(instancePath(id) + "?accepts_incomplete=true", provisionBody(target.service(), target.plan(), null));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(target.http().get(instancePath(id)).status()).isEqualTo(404);
        assertThat(target.http().delete(instancePath(id) + deleteQuery(target.service(), target.plan())).status())
                .as("nothing to deprovision").isEqualTo(410);
    }
}
