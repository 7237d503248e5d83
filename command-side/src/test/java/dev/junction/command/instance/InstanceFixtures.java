package dev.junction.command.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceEvents.UnbindRequested;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.api.instance.ServiceCatalog.Plan;
import dev.junction.api.instance.Step;
import dev.junction.command.schema.TestSchemaValidators;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.junction.api.testing.Json.obj;

/** The catalog, the fixture and the event histories the instance rule tests share. */
final class InstanceFixtures {

    static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    static final Instant EARLIER = Instant.parse("2026-01-30T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Actor ALICE = Actor.user("alice");
    static final String ID = "i1";
    static final String SVC = "svc";

    static final ObjectNode SCHEMA = obj("{'type':'object','properties':{'size':{'type':'string'},"
            + "'replicas':{'type':'integer','maximum':5},'region':{'type':'string'}}}");
    /** Bindable, its plan may change; the operator fixed {@code region}. */
    static final Plan SMALL = plan("small", obj("{'size':'s','region':'eu'}"), 0, true, true);
    /** Neither bindable nor allowing a change of plan. */
    static final Plan LARGE = plan("large", obj("{'size':'l'}"), 0, false, false);
    /** One instance at most. */
    static final Plan LIMITED = plan("limited", obj("{}"), 1, true, true);
    static final Plan ELSEWHERE = new Plan("other", "Other", "x", "X", "", "stencil:1", "backend", "kubernetes",
            obj("{}"), List.of(), null, 0, true, true);
    static final MaintenanceInfo V2 = new MaintenanceInfo("2.0.0", "stencil Dummy 2.0.0 from image stencil:2");
    /** Its stencil at version 2.0.0; bindings may be rotated; operations last 600 s at most. */
    static final Plan VERSIONED = new Plan(SVC, "Service", "versioned", "versioned", "", "stencil:2", "backend",
            "kubernetes", obj("{}"), List.of(), SCHEMA, 0, true, true, V2, true, 600);
    static final ServiceCatalog CATALOG = () -> List.of(SMALL, LARGE, LIMITED, ELSEWHERE, VERSIONED);

    private InstanceFixtures() {
    }

    private static Plan plan(String id, ObjectNode operatorInputs, int limit, boolean bindable, boolean updatable) {
        return new Plan(SVC, "Service", id, id, "", "stencil:1", "backend", "kubernetes", operatorInputs,
                List.of("region"), SCHEMA, limit, bindable, updatable);
    }

    /** A fixture as the broker runs the rules: the validation interceptor and the lifecycle handler on its repository. */
    static AggregateTestFixture<ServiceInstance> fixture() {
        AggregateTestFixture<ServiceInstance> fixture = new AggregateTestFixture<>(ServiceInstance.class);
        fixture.registerCommandTargetResolver(new InstanceStreamResolver());
        InstanceInputValidation validation = new InstanceInputValidation(TestSchemaValidators.validator(), CATALOG,
                fixture.getEventStore());
        fixture.registerCommandHandlerInterceptor(validation);
        fixture.registerInjectableResource(CATALOG);
        fixture.registerInjectableResource(CLOCK);
        EventSourcingRepository<PlanSlots> slots = EventSourcingRepository.builder(PlanSlots.class)
                .eventStore(fixture.getEventStore())
                .parameterResolverFactory(MultiParameterResolverFactory.ordered(
                        ClasspathParameterResolverFactory.forClass(PlanSlots.class),
                        new SimpleResourceParameterResolverFactory(List.of(CLOCK))))
                .build();
        fixture.registerAnnotatedCommandHandler(
                new InstanceLifecycleHandler(fixture.getRepository(), slots, CATALOG, validation, CLOCK));
        return fixture;
    }

    static List<Object> events(Object... parts) {
        List<Object> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                all.addAll(list);
            } else {
                all.add(part);
            }
        }
        return all;
    }

    static ProvisionRequested provisionRequested(String planId, String parameters) {
        ObjectNode given = parameters == null ? null : obj(parameters);
        Plan plan = CATALOG.plan(SVC, planId).orElseThrow();
        return new ProvisionRequested(ID, SVC, planId, given, InputMerge.merge(plan, given), null, 1, ALICE, EARLIER);
    }

    /** The setup, stencil and teardown of a task all succeeded, around the operation's result. */
    static List<Object> ran(int task, Object result) {
        return List.of(ok(task, Step.SETUP), ok(task, Step.STENCIL), result, ok(task, Step.TEARDOWN));
    }

    static StepSucceeded ok(int task, Step step) {
        return new StepSucceeded(ID, task, step, 1, 0, EARLIER);
    }

    /** Provisioned on the small plan with {@code {'size':'m'}}: task 1 done, QUIET. */
    static List<Object> provisioned() {
        return events(provisionRequested("small", "{'size':'m'}"),
                ran(1, new InstanceProvisioned(ID, 1, List.of(), EARLIER)));
    }

    static UpdateRequested updateRequested(int task, String planId, String parameters) {
        ObjectNode given = obj(parameters);
        return new UpdateRequested(ID, planId, given, InputMerge.merge(CATALOG.plan(SVC, planId).orElseThrow(), given),
                task, ALICE, EARLIER);
    }

    static BindRequested bindRequested(String bindingId, int task) {
        return new BindRequested(ID, bindingId, null, null, task, ALICE, EARLIER);
    }

    /** Provisioned, then {@code bindingId} bound by task 2. */
    static List<Object> bound(String bindingId) {
        return events(provisioned(), bindRequested(bindingId, 2),
                ran(2, new InstanceBound(ID, bindingId, 2, "sealed:creds", EARLIER)));
    }

    static UnbindRequested unbindRequested(String bindingId, int task) {
        return new UnbindRequested(ID, bindingId, task, ALICE, EARLIER);
    }

    static DeprovisionRequested deprovisionRequested(int task) {
        return new DeprovisionRequested(ID, task, ALICE, EARLIER);
    }

    static List<Object> list(Object... events) {
        return Arrays.asList(events);
    }
}
