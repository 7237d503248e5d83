package dev.junction.query.instance;

import dev.junction.api.SecretCodec;
import dev.junction.api.instance.BindingState;
import dev.junction.api.instance.InstanceEvents.*;
import dev.junction.api.instance.InstanceState;
import dev.junction.api.instance.Operation;
import dev.junction.api.instance.Step;
import dev.junction.query.instance.InstanceView.OperationState;
import dev.junction.query.support.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.junction.query.instance.InstanceEventsFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class InstanceViewProjectionTest {

    @RegisterExtension
    static final InProcessMongo mongo = new InProcessMongo();

    private final InstanceViewStore store = new InstanceViewStore(mongo.freshDatabase(), SecretCodec.NONE);
    private final InstanceViewProjection projection = new InstanceViewProjection(store);

    private void feed(InstanceViewProjection target, List<InstanceEvent> events) {
        long sequence = 0;
        for (InstanceEvent event : events) {
            target.on(event, sequence++);
        }
    }

    @Test
    void provisioningShowsInProgressThenSucceededWithTheStepsAndActor() {
        List<InstanceEvent> events = provisioned("i1");
        feed(projection, events.subList(0, 1));
        InstanceView running = store.find("i1").orElseThrow();
        assertThat(running.state()).isEqualTo(InstanceState.PROVISIONING);
        assertThat(running.lastOperation().state()).isEqualTo(OperationState.IN_PROGRESS);
        assertThat(running.lastOperation().operationId()).isEqualTo("task-1");

        projection.on(events.get(1), 1);
        projection.on(events.get(2), 2);
        projection.on(events.get(3), 3);
        projection.on(events.get(4), 4);
        InstanceView view = store.find("i1").orElseThrow();
        assertThat(view.state()).isEqualTo(InstanceState.QUIET);
        assertThat(view.serviceId()).isEqualTo(SERVICE);
        assertThat(view.planId()).isEqualTo(PLAN);
        assertThat(view.parameters().get("size").asText()).isEqualTo("s");
        assertThat(view.context().get("platform").asText()).isEqualTo("cloudfoundry");
        assertThat(view.files()).containsExactly("url");
        assertThat(view.lastOperation().state()).isEqualTo(OperationState.SUCCEEDED);
        InstanceView.Task task = view.task(1).orElseThrow();
        assertThat(task.actor()).isEqualTo(ALICE);
        assertThat(task.steps()).extracting(InstanceView.StepRun::step)
                .containsExactly(Step.SETUP, Step.STENCIL, Step.TEARDOWN);
        assertThat(task.teardownAttempts()).isEqualTo(1);
        assertThat(task.endedAt()).isEqualTo(at(2));
        assertThat(view.history()).extracting(InstanceView.HistoryEntry::event)
                .containsExactly("ProvisionRequested", "StepSucceeded", "StepSucceeded", "InstanceProvisioned",
                        "StepSucceeded");
        assertThat(view.history().get(0).actor()).isEqualTo(ALICE);
    }

    @Test
    void updatesBindingsAndAFailedUpdateKeepTheInstanceUsableOnItsPlan() {
        feed(projection, busyLife("i2"));
        InstanceView view = store.find("i2").orElseThrow();
        assertThat(view.state()).isEqualTo(InstanceState.QUIET);
        assertThat(view.planId()).isEqualTo(PLAN_LARGE);
        assertThat(view.parameters().get("size").asText()).isEqualTo("l"); // the failed update's xl not taken
        assertThat(view.lastOperation()).isEqualTo(new InstanceView.LastOperation(4, Operation.UPDATE,
                OperationState.FAILED, "stencil exited 3"));
        InstanceView.Binding binding = view.binding("b1").orElseThrow();
        assertThat(binding.state()).isEqualTo(BindingState.BOUND);
        assertThat(binding.lastOperation().state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(binding.sealedCredentials()).isEqualTo(seal(CREDENTIALS));
        InstanceView.Task failed = view.task(4).orElseThrow();
        assertThat(failed.teardownAttempts()).isEqualTo(2);
        assertThat(failed.steps()).extracting(InstanceView.StepRun::exitCode).containsExactly(3, -1, 0);
        assertThat(view.history()).filteredOn(h -> h.event().equals("TeardownRetryRequested"))
                .singleElement().satisfies(h -> assertThat(h.actor().name()).isEqualTo("operator"));
    }

    @Test
    void credentialsAreNeverStoredInPlainText() {
        feed(projection, busyLife("i3"));
        Document raw = rawDocument("i3");
        assertThat(raw.toJson()).doesNotContain("hunter2-plain").contains(seal(CREDENTIALS));
    }

    private Document rawDocument(String id) {
        return store.encode(store.find(id).orElseThrow());
    }

    @Test
    void replayedEventsChangeNothing() {
        List<InstanceEvent> events = busyLife("i4");
        feed(projection, events);
        InstanceView once = store.find("i4").orElseThrow();
        feed(projection, events);
        projection.on(events.get(3), 3);
        assertThat(store.find("i4").orElseThrow()).isEqualTo(once);
        assertThat(once.sequence()).isEqualTo(events.size() - 1);
    }

    @Test
    void unbindDeprovisionAndPurge() {
        List<InstanceEvent> events = new java.util.ArrayList<>(busyLife("i5"));
        events.addAll(List.of(
                new UnbindRequested("i5", "b1", 5, ALICE, at(20)),
                new InstanceUnbound("i5", "b1", 5, at(21)),
                new DeprovisionRequested("i5", 6, ALICE, at(22)),
                new InstanceDeprovisioned("i5", 6, at(23)),
                new InstancePurged("i5", ALICE, at(24))));
        feed(projection, events);
        InstanceView view = store.find("i5").orElseThrow();
        assertThat(view.state()).isEqualTo(InstanceState.GONE);
        assertThat(view.purged()).isTrue();
        assertThat(view.lastOperation().operation()).isEqualTo(Operation.DEPROVISION);
        assertThat(view.binding("b1").orElseThrow().state()).isEqualTo(BindingState.GONE);
        assertThat(view.binding("b1").orElseThrow().sealedCredentials()).isNull();
        assertThat(store.liveCountsByPlan()).doesNotContainKey(SERVICE + "/" + PLAN_LARGE);
    }

    @Test
    void aFailedDeprovisionOfAFailedProvisionLeavesItFailed() {
        feed(projection, List.of(
                new ProvisionRequested("i6", SERVICE, PLAN, null, null, null, 1, ALICE, at(0)),
                new ProvisionFailed("i6", 1, "stencil exited 1", at(1)),
                new DeprovisionRequested("i6", 2, ALICE, at(2)),
                new DeprovisionFailed("i6", 2, "stencil exited 2", at(3))));
        InstanceView view = store.find("i6").orElseThrow();
        assertThat(view.state()).isEqualTo(InstanceState.FAILED);
        assertThat(view.lastOperation().description()).isEqualTo("stencil exited 2");
    }

    @Test
    void aRebuildGivesWhatLiveProcessingGives() {
        List<InstanceEvent> a = busyLife("r1");
        List<InstanceEvent> b = provisioned("r2");
        feed(projection, a);
        feed(projection, b);

        Map<String, InstanceView> rebuilt = new HashMap<>();
        InstanceViewProjection rebuild = new InstanceViewProjection(new InstanceViewUpdates() {
            @Override
            public Optional<InstanceView> current(String instanceId) {
                return Optional.ofNullable(rebuilt.get(instanceId));
            }

            @Override
            public void put(InstanceView view) {
                rebuilt.put(view.id(), view);
            }
        });
        feed(rebuild, a);
        feed(rebuild, b);
        InstanceViewStore target = new InstanceViewStore(mongo.freshDatabase(), SecretCodec.NONE);
        target.replaceAll(rebuilt.values());

        assertThat(target.list(10)).isEqualTo(store.list(10)).hasSize(2);
        assertThat(target.liveCountsByPlan()).isEqualTo(Map.of(SERVICE + "/" + PLAN_LARGE, 1L,
                SERVICE + "/" + PLAN, 1L));
    }
}
