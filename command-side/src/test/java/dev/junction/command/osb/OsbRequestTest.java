package dev.junction.command.osb;

import dev.junction.api.Actor;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.error.PayloadTooLargeException;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.input.InputLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OsbRequestTest {

    private static final BoundedJson JSON = new BoundedJson(new InputLimits(100, 100, 10_000, 16, 1000, 50));
    private static final Actor PLATFORM = Actor.user("cf");

    private static String identity(String platform, String json) {
        return platform + " " + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theOriginatingUserOfEachPlatformProfileIsTheActor() {
        assertThat(OriginatingIdentity.actor(identity("cloudfoundry", "{\"user_id\":\"683ea748\"}"), PLATFORM, JSON))
                .isEqualTo(new Actor(Actor.Kind.USER, "683ea748", "cloudfoundry"));
        assertThat(OriginatingIdentity.actor(identity("kubernetes", "{\"username\":\"duke\",\"uid\":\"c2dd\"}"),
                PLATFORM, JSON)).isEqualTo(new Actor(Actor.Kind.USER, "duke", "kubernetes"));
        assertThat(OriginatingIdentity.actor(null, PLATFORM, JSON)).isEqualTo(PLATFORM);
    }

    @Test
    void aMalformedIdentityIsRefusedNamingTheHeaderWithoutRepeatingIt() {
        for (String header : new String[]{"cloudfoundry", "cloudfoundry %%%", identity("cloud/foundry", "{\"user_id\":\"u\"}"),
                identity("cf", "[1]"), identity("cf", "{\"user_id\":7}"), identity("cf", "{\"user_id\":\"a\\r\\nFORGED\"}"),
                identity("cf", "{\"user_id\":\"" + "u".repeat(201) + "\"}"), "cf " + "A".repeat(5000)}) {
            assertThatThrownBy(() -> OriginatingIdentity.actor(header, PLATFORM, JSON))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.errors().getFirst().field()).isEqualTo(OriginatingIdentity.HEADER);
                        assertThat(e.getMessage()).doesNotContain("FORGED");
                    });
        }
    }

    @Test
    void parametersAndContextAreBoundedAndTheDeprecatedGuidsKeptInTheContext() {
        OsbRequest request = OsbRequest.parse("{\"service_id\":\"s\",\"plan_id\":\"p\",\"organization_guid\":\"o\","
                + "\"context\":{\"space_guid\":\"given\"},\"space_guid\":\"top\",\"maintenance_info\":{}}", JSON, true);
        assertThat(request.context().get("organization_guid").asText()).isEqualTo("o");
        assertThat(request.context().get("space_guid").asText()).isEqualTo("given");
        assertThat(request.maintenanceInfo()).isNull();
        assertThatThrownBy(() -> OsbRequest.parse("{\"service_id\":\"s\",\"plan_id\":\"p\",\"parameters\":{\"x\":\""
                + "y".repeat(200) + "\"}}", JSON, true))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> assertThat(e.field()).isEqualTo("parameters"));
        assertThat(OsbRequest.parse("{\"service_id\":\"s\"}", JSON, false).planId()).isNull();
    }

    @Test
    void everyWrongFieldIsNamedAtOnce() {
        assertThatThrownBy(() -> OsbRequest.parse("{\"service_id\":\"a b\",\"plan_id\":3,\"parameters\":\"x\"}",
                JSON, true)).isInstanceOfSatisfying(InvalidInputException.class, e ->
                assertThat(e.errors()).extracting(InvalidInputException.FieldError::field)
                        .containsExactly("service_id", "plan_id", "parameters"));
        assertThatThrownBy(() -> OsbRequest.queryId(null, "plan_id")).hasMessageContaining("plan_id");
        assertThatThrownBy(() -> OsbRequest.queryId("a;b", "service_id")).hasMessageContaining("service_id");
    }

    @Test
    void maintenanceInfoAndPredecessorAreReadAndBounded() {
        OsbRequest request = OsbRequest.parse("{\"service_id\":\"s\",\"plan_id\":\"p\",\"maintenance_info\":"
                + "{\"version\":\"2.0.0\",\"description\":\"new\"},\"predecessor_binding_id\":\"b1\"}", JSON, true);
        assertThat(request.maintenanceInfo()).isEqualTo(new MaintenanceInfo("2.0.0", "new"));
        assertThat(request.predecessorBindingId()).isEqualTo("b1");
        for (String bad : new String[]{"\"maintenance_info\":{\"version\":2}", "\"maintenance_info\":\"2.0.0\"",
                "\"maintenance_info\":{\"version\":\"" + "9".repeat(256) + "\"}"}) {
            assertThatThrownBy(() -> OsbRequest.parse("{\"service_id\":\"s\",\"plan_id\":\"p\"," + bad + "}", JSON, true))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors().getFirst().field())
                            .startsWith("maintenance_info"));
        }
        assertThatThrownBy(() -> OsbRequest.parse("{\"service_id\":\"s\",\"plan_id\":\"p\","
                + "\"predecessor_binding_id\":\"a b\"}", JSON, true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors().getFirst().field())
                        .isEqualTo("predecessor_binding_id"));
    }

    @Test
    void aRotationMaySendThePredecessorAlone() {
        OsbRequest rotation = OsbRequest.parseBind("{\"predecessor_binding_id\":\"b1\"}", JSON);
        assertThat(rotation.serviceId()).isNull();
        assertThat(rotation.predecessorBindingId()).isEqualTo("b1");
        assertThatThrownBy(() -> OsbRequest.parseBind("{\"parameters\":{}}", JSON))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field).containsExactly("service_id", "plan_id"));
    }
}
