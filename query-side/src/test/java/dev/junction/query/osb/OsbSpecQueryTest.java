package dev.junction.query.osb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceEvent;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.InstanceUpdated;
import dev.junction.api.instance.InstanceEvents.PollingDeadlineSet;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.InstanceState;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.query.instance.InstanceView;
import dev.junction.query.instance.InstanceView.OperationState;
import dev.junction.query.instance.InstanceViewFolder;
import dev.junction.query.instance.InstanceViews;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.junction.query.instance.InstanceEventsFixture.ALICE;
import static dev.junction.query.instance.InstanceEventsFixture.CREDENTIALS;
import static dev.junction.query.instance.InstanceEventsFixture.PLAN;
import static dev.junction.query.instance.InstanceEventsFixture.SERVICE;
import static dev.junction.query.instance.InstanceEventsFixture.at;
import static dev.junction.query.instance.InstanceEventsFixture.open;
import static dev.junction.query.instance.InstanceEventsFixture.seal;
import static org.assertj.core.api.Assertions.assertThat;

/** What the OSB read routes answer for maintenance_info, catalog tags, binding lifetimes and overlapping tasks. */
class OsbSpecQueryTest {

    private static final MaintenanceInfo V1 = new MaintenanceInfo("1.0.0", "stencil Dummy 1.0.0 from image d:1");
    private static final MaintenanceInfo V2 = new MaintenanceInfo("2.0.0", "stencil Dummy 2.0.0 from image d:2");
    private static final ServiceCatalog.Plan VERSIONED = new ServiceCatalog.Plan(SERVICE, "svc", PLAN, "small", "",
            "d:2", "docker", "docker", JsonNodeFactory.instance.objectNode(), List.of(), null, 0, true, false, V2, true,
            900);

    private static InstanceView fold(List<InstanceEvent> events) {
        InstanceView view = null;
        long sequence = 0;
        for (InstanceEvent event : events) {
            view = InstanceViewFolder.apply(view, event, sequence++);
        }
        return view;
    }

    private static List<InstanceEvent> provisionedAtV1() {
        return List.of(new ProvisionRequested("i1", SERVICE, PLAN, null, null, null, 1, ALICE, at(0), V1),
                new PollingDeadlineSet("i1", 1, at(15), at(0)), new InstanceProvisioned("i1", 1, List.of(), at(1)));
    }

    private static OsbQueryController controller(InstanceView view) {
        InstanceViews views = new InstanceViews() {
            public Optional<InstanceView> find(String id) {
                return Optional.ofNullable(view).filter(v -> v.id().equals(id));
            }

            public List<InstanceView> list(int max) {
                return List.of();
            }

            public Map<String, Long> liveCountsByPlan() {
                return Map.of();
            }
        };
        return new OsbQueryController(views, () -> List.of(VERSIONED), (id, sealed) -> Optional.of(open(sealed)));
    }

    @Test
    void theInstanceAnswersTheMaintenanceInfoOfItsLastSuccessfulProvisionOrUpdate() {
        InstanceView provisioned = fold(provisionedAtV1());
        assertThat(controller(provisioned).instance("i1").block().get("maintenance_info").get("version").asText())
                .isEqualTo("1.0.0");
        List<InstanceEvent> upgrading = new ArrayList<>(provisionedAtV1());
        upgrading.add(new UpdateRequested("i1", PLAN, null, null, 2, ALICE, at(2), V2));
        assertThat(fold(upgrading).maintenanceInfo()).isEqualTo(V1); // not until it succeeded
        upgrading.add(new InstanceUpdated("i1", 2, PLAN, List.of(), at(3)));
        ObjectNode upgraded = controller(fold(upgrading)).instance("i1").block();
        assertThat(upgraded.get("maintenance_info").get("version").asText()).isEqualTo("2.0.0");
        assertThat(upgraded.get("maintenance_info").get("description").asText()).contains("d:2");
    }

    @Test
    void aBindingWithALifetimeAnswersWhenItExpiresAndWhenToRenewIt() {
        List<InstanceEvent> events = new ArrayList<>(provisionedAtV1());
        Instant boundAt = at(10);
        events.add(new BindRequested("i1", "b2", null, null, 2, ALICE, at(9), "b1"));
        events.add(new InstanceBound("i1", "b2", 2, seal(CREDENTIALS), boundAt, boundAt.plusSeconds(1000)));
        ObjectNode body = controller(fold(events)).binding("i1", "b2").block();
        assertThat(boundAt).isEqualTo(Instant.parse("2026-12-01T10:10:00Z"));
        assertThat(body.get("metadata").get("expires_at").asText()).isEqualTo("2026-12-01T10:26:40.0Z");
        assertThat(body.get("metadata").get("renew_before").asText()).isEqualTo("2026-12-01T10:23:20.0Z");
        events.add(new BindRequested("i1", "b3", null, null, 3, ALICE, at(11)));
        events.add(new InstanceBound("i1", "b3", 3, seal(CREDENTIALS), at(12)));
        assertThat(controller(fold(events)).binding("i1", "b3").block().has("metadata")).isFalse();
    }

    @Test
    void anOvertakenProvisionLeavesTheDeprovisionAsTheLastOperation() {
        List<InstanceEvent> events = List.of(
                new ProvisionRequested("i1", SERVICE, PLAN, null, null, null, 1, ALICE, at(0), V1),
                new DeprovisionRequested("i1", 2, ALICE, at(1), 1), new InstanceProvisioned("i1", 1, List.of(), at(2)));
        InstanceView view = fold(events);
        assertThat(view.state()).isEqualTo(InstanceState.DEPROVISIONING);
        assertThat(view.lastOperation().task()).isEqualTo(2);
        assertThat(view.lastOperation().state()).isEqualTo(OperationState.IN_PROGRESS);
        assertThat(view.task(1).orElseThrow().state()).isEqualTo(OperationState.SUCCEEDED);
    }

    @Test
    void theCatalogShowsThePlansOsbFieldsAndAnswers304ForItsOwnTag() {
        OsbQueryController controller = controller(null);
        ResponseEntity<ObjectNode> first = controller.catalog(null).block();
        ObjectNode plan = (ObjectNode) first.getBody().get("services").get(0).get("plans").get(0);
        assertThat(plan.get("maintenance_info").get("version").asText()).isEqualTo("2.0.0");
        assertThat(plan.get("binding_rotatable").asBoolean()).isTrue();
        assertThat(plan.get("maximum_polling_duration").asInt()).isEqualTo(900);
        String etag = first.getHeaders().getETag();
        assertThat(etag).startsWith("\"").endsWith("\"");
        ResponseEntity<ObjectNode> again = controller.catalog("\"other\", " + etag).block();
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(again.getBody()).isNull();
        assertThat(controller.catalog("W/" + etag).block().getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(controller.catalog("\"other\"").block().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(controller.catalog("x".repeat(2000)).block().getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aPlanWithoutTheNewFieldsLeavesThemOut() {
        ServiceCatalog.Plan bare = new ServiceCatalog.Plan(SERVICE, "svc", PLAN, "small", "", "d:1", "docker",
                "docker", JsonNodeFactory.instance.objectNode(), List.of(), null, 0, true, false);
        ObjectNode plan = (ObjectNode) OsbCatalogJson.render(() -> List.of(bare)).get("services").get(0).get("plans").get(0);
        assertThat(plan.has("maintenance_info")).isFalse();
        assertThat(plan.has("maximum_polling_duration")).isFalse();
        assertThat(plan.get("binding_rotatable").asBoolean()).isFalse();
    }
}
