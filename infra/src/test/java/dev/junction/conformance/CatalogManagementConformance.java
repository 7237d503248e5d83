package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Catalog Management: {@code GET /v2/catalog} and the shape of its Service Offering and Plan objects. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Catalog Management")
class CatalogManagementConformance {

    /** The spec's CLI-friendly string: alphanumerics, periods and hyphens, no spaces. */
    private static final String CLI_FRIENDLY = "[A-Za-z0-9.-]+";
    private static final int SCHEMA_MAX_BYTES = 64 * 1024;

    static OsbHttp.Response catalog;
    static JsonNode services;

    @BeforeAll
    static void fetch() {
        catalog = OsbTarget.current().http().get("/v2/catalog");
        services = catalog.json().path("services");
    }

    @Test
    @DisplayName("200 OK MUST be returned upon successful processing; services* is an array of Service Offering objects")
    void catalog_response_is200WithServicesArray() {
        assertThat(catalog.status()).as(catalog.toString()).isEqualTo(200);
        assertThat(catalog.header("Content-Type")).as("Content Type: responses SHOULD be application/json")
                .startsWith("application/json");
        assertThat(services.isArray()).as("services* is an array").isTrue();
    }

    @Test
    @DisplayName("Service Offering: name*, id*, description* MUST be non-empty strings; bindable* is a boolean; plans* MUST contain at least one Service Plan")
    void catalog_serviceOffering_requiredFields() {
        for (JsonNode service : services) {
            nonEmptyText(service, "id");
            nonEmptyText(service, "name");
            nonEmptyText(service, "description");
            assertThat(service.path("bindable").isBoolean()).as("bindable of %s", service.path("id")).isTrue();
            assertThat(service.path("plans").isArray() && !service.path("plans").isEmpty())
                    .as("plans of %s", service.path("id")).isTrue();
            for (String flag : List.of("instances_retrievable", "bindings_retrievable", "allow_context_updates",
                    "plan_updateable")) {
                assertThat(!service.has(flag) || service.get(flag).isBoolean()).as(flag + " is a boolean").isTrue();
            }
            service.path("requires").forEach(r -> assertThat(r.asText())
                    .as("requires: the only permissions supported").isIn("syslog_drain", "route_forwarding", "volume_mount"));
        }
    }

    @Test
    @DisplayName("Service Plan: id*, name*, description* MUST be non-empty strings; free, bindable, plan_updateable are booleans")
    void catalog_servicePlan_requiredFields() {
        forEachPlan((service, plan) -> {
            nonEmptyText(plan, "id");
            nonEmptyText(plan, "name");
            nonEmptyText(plan, "description");
            for (String flag : List.of("free", "bindable", "plan_updateable", "binding_rotatable")) {
                assertThat(!plan.has(flag) || plan.get(flag).isBoolean()).as(flag + " of plan " + plan.path("id"))
                        .isTrue();
            }
            if (plan.has("maximum_polling_duration")) {
                assertThat(plan.get("maximum_polling_duration").isIntegralNumber()).isTrue();
            }
            if (plan.has("maintenance_info")) {
                assertThat(plan.path("maintenance_info").path("version").asText())
                        .as("maintenance_info.version MUST be a semantic version 2.0")
                        .matches("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
            }
        });
    }

    @Test
    @DisplayName("ids MUST be globally unique: no Service Offering or Service Plan shares an id with another")
    void catalog_ids_areUnique() {
        Set<String> ids = new HashSet<>();
        for (JsonNode service : services) {
            assertThat(ids.add(service.path("id").asText())).as("service id %s unique", service.path("id")).isTrue();
            for (JsonNode plan : service.path("plans")) {
                assertThat(ids.add(plan.path("id").asText())).as("plan id %s unique", plan.path("id")).isTrue();
            }
        }
    }

    @Test
    @DisplayName("Service Offering names MUST be unique across the response; Plan names MUST be unique within their Service Offering")
    void catalog_names_areUnique() {
        Set<String> serviceNames = new HashSet<>();
        for (JsonNode service : services) {
            assertThat(serviceNames.add(service.path("name").asText())).as("service name %s", service.path("name"))
                    .isTrue();
            Set<String> planNames = new HashSet<>();
            service.path("plans").forEach(p -> assertThat(planNames.add(p.path("name").asText()))
                    .as("plan name %s within %s", p.path("name"), service.path("name")).isTrue());
        }
    }

    @Test
    @DisplayName("Using a CLI-friendly name (alphanumerics, periods, hyphens, no spaces) is RECOMMENDED; strings SHOULD not exceed 255 characters")
    void catalog_names_areCliFriendly() {
        forEachPlan((service, plan) -> {
            assertThat(service.path("name").asText()).matches(CLI_FRIENDLY);
            assertThat(plan.path("name").asText()).matches(CLI_FRIENDLY);
            assertThat(service.path("description").asText().length()).isLessThanOrEqualTo(255);
            assertThat(plan.path("description").asText().length()).isLessThanOrEqualTo(255);
        });
    }

    @Test
    @DisplayName("A Service Broker MUST NOT change the id of a resource across queries")
    void catalog_ids_areStableAcrossQueries() {
        JsonNode again = OsbTarget.current().http().get("/v2/catalog").json().path("services");
        assertThat(ids(again)).isEqualTo(ids(services));
    }

    @Test
    @DisplayName("bindable and plan_updateable of a plan take precedence over its offering's; an offering of bindable plans is bindable")
    void catalog_bindableAndPlanUpdateable_areConsistent() {
        for (JsonNode service : services) {
            boolean anyBindable = false;
            for (JsonNode plan : service.path("plans")) {
                boolean bindable = plan.has("bindable") ? plan.get("bindable").asBoolean()
                        : service.path("bindable").asBoolean();
                anyBindable |= bindable;
                if (!bindable) {
                    assertThat(plan.path("schemas").has("service_binding"))
                            .as("service_binding schema of the unbindable plan %s: used only if the plan is bindable",
                                    plan.path("id")).isFalse();
                }
            }
            assertThat(service.path("bindable").asBoolean() || !anyBindable)
                    .as("Service Brokers that offer bindable services MUST declare them as such: %s", service.path("id"))
                    .isTrue();
        }
    }

    @Test
    @DisplayName("schemas: the $schema key MUST be present; Schemas MUST NOT contain any external references; MUST NOT be larger than 64kB")
    void catalog_schemas_haveSchemaKeyNoExternalRefAndAtMost64kB() {
        List<String> checked = new ArrayList<>();
        forEachPlan((service, plan) -> {
            for (String path : List.of("service_instance/create", "service_instance/update", "service_binding/create")) {
                JsonNode parameters = plan.path("schemas").at("/" + path + "/parameters");
                if (parameters.isMissingNode() || parameters.isNull()) {
                    continue;
                }
                String where = plan.path("id").asText() + " " + path;
                assertThat(parameters.isObject()).as(where + " is a JSON Schema object").isTrue();
                assertThat(parameters.path("$schema").asText()).as(where + ": $schema").startsWith("http://json-schema.org/");
                assertThat(parameters.toString().getBytes(StandardCharsets.UTF_8).length).as(where + " size")
                        .isLessThanOrEqualTo(SCHEMA_MAX_BYTES);
                parameters.findValues("$ref").forEach(ref -> assertThat(ref.asText())
                        .as(where + ": $ref must stay inside the schema").startsWith("#"));
                checked.add(where);
            }
        });
        if (OsbTarget.current().junction()) {
            assertThat(checked).as("Junction offers every plan's schemas").isNotEmpty();
            forEachPlan((service, plan) -> assertThat(plan.at("/schemas/service_instance/create/parameters/$schema")
                    .asText()).isEqualTo("http://json-schema.org/draft-04/schema#"));
        }
    }

    private static void forEachPlan(BiConsumer<JsonNode, JsonNode> check) {
        for (JsonNode service : services) {
            for (JsonNode plan : service.path("plans")) {
                check.accept(service, plan);
            }
        }
    }

    private static List<String> ids(JsonNode services) {
        List<String> ids = new ArrayList<>();
        services.forEach(s -> {
            ids.add(s.path("id").asText());
            s.path("plans").forEach(p -> ids.add(p.path("id").asText()));
        });
        return ids;
    }

    private static void nonEmptyText(JsonNode node, String field) {
        assertThat(node.path(field).isTextual() && !node.path(field).asText().isEmpty())
                .as("%s MUST be a non-empty string in %s", field, node.path("id")).isTrue();
    }
}
