package dev.junction.query.instance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.instance.InstanceEvents.*;
import dev.junction.api.instance.Step;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** A life of one instance as its aggregate would record it, for the projection and route tests. */
public final class InstanceEventsFixture {

    public static final String SERVICE = "svc-1";
    public static final String PLAN = "plan-small";
    public static final String PLAN_LARGE = "plan-large";
    public static final String CREDENTIALS = "{\"password\":\"hunter2-plain\"}";
    public static final Actor ALICE = Actor.user("alice");
    public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private InstanceEventsFixture() {
    }

    /** What the fixture's instance key "seals": reversible, but never the plain text. */
    public static String seal(String plain) {
        return "sealed:" + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static String open(String sealed) {
        return new String(Base64.getDecoder().decode(sealed.substring("sealed:".length())), StandardCharsets.UTF_8);
    }

    public static ObjectNode object(String key, String value) {
        return JsonNodeFactory.instance.objectNode().put(key, value);
    }

    public static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    public static List<InstanceEvent> provisioned(String id) {
        return List.of(
                new ProvisionRequested(id, SERVICE, PLAN, object("size", "s"), object("size", "s"),
                        object("platform", "cloudfoundry"), 1, ALICE, at(0)),
                new StepSucceeded(id, 1, Step.SETUP, 1, 0, at(1)),
                new StepSucceeded(id, 1, Step.STENCIL, 1, 0, at(2)),
                new InstanceProvisioned(id, 1, List.of("url"), at(2)),
                new StepSucceeded(id, 1, Step.TEARDOWN, 1, 0, at(3)));
    }

    /** Provisioned, then bound ({@code b1}, task 2), updated to the large plan (task 3), update failed (task 4). */
    public static List<InstanceEvent> busyLife(String id) {
        List<InstanceEvent> events = new java.util.ArrayList<>(provisioned(id));
        events.addAll(List.of(
                new BindRequested(id, "b1", object("role", "ro"), object("platform", "cloudfoundry"), 2, ALICE,
                        at(4)),
                new StepSucceeded(id, 2, Step.STENCIL, 1, 0, at(5)),
                new InstanceBound(id, "b1", 2, seal(CREDENTIALS), at(5)),
                new UpdateRequested(id, PLAN_LARGE, object("size", "l"), object("size", "l"), 3, ALICE, at(6)),
                new InstanceUpdated(id, 3, PLAN_LARGE, List.of(), at(7)),
                new UpdateRequested(id, null, object("size", "xl"), object("size", "xl"), 4, ALICE, at(8)),
                new StepFailed(id, 4, Step.STENCIL, 1, 3, "stencil exited 3", at(9)),
                new UpdateFailed(id, 4, "stencil exited 3", at(9)),
                new StepFailed(id, 4, Step.TEARDOWN, 1, -1, "timed out", at(10)),
                new TeardownRetryRequested(id, 4, Actor.user("operator"), at(11)),
                new StepSucceeded(id, 4, Step.TEARDOWN, 2, 0, at(12))));
        return events;
    }
}
