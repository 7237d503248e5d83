package dev.junction.command.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.ConflictException;
import dev.junction.api.error.GoneException;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.error.OperationInProgressException;
import dev.junction.api.error.UnsupportedChangeException;
import dev.junction.api.instance.BindingState;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.BindInstance;
import dev.junction.api.instance.InstanceCommands.DeprovisionInstance;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceCommands.PurgeInstance;
import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceCommands.RetryTeardown;
import dev.junction.api.instance.InstanceCommands.UnbindInstance;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.api.instance.InstanceEvents.*;
import dev.junction.api.instance.InstanceState;
import dev.junction.api.instance.InstanceStreams;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.api.instance.ServiceCatalog.Plan;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A service instance and its bindings (OSB). The bindings are entities of the instance, not aggregates of
 * their own, because the rule "one operation at a time per instance" spans both: a bind must see that no
 * update or deprovision is running, and a deprovision that no bind is, so they share one consistency
 * boundary (one lock, one event stream).
 *
 * <p>Every request that starts an operation opens a task (numbered from 1) whose containers report back
 * ({@link RecordStep}); {@link StepReports} turns a report into events. Provision, update, deprovision and
 * unbind arrive through {@link InstanceLifecycleHandler} (plan slots, and the answer for an instance that
 * does not exist), which calls the methods here; the rules are all here.
 *
 * <p>The class is longer than most because every rule of an instance and its bindings belongs to it; what
 * could go elsewhere has: the events of a report ({@link StepReports}), the tasks' progress
 * ({@link TaskLedger}), the checks against the catalog ({@link InstanceRules}).
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = InstanceStreamResolver.BEAN)
public class ServiceInstance {

    @AggregateIdentifier
    private String stream;
    private String instanceId;
    private InstanceState state;
    private String serviceId;
    private String planId;
    private ObjectNode parameters;
    private ProvisionRequested provisionRequest;
    private UpdateRequested runningUpdate;
    private InstanceState beforeDeprovision;
    private int runningTask;
    private boolean purged;
    private final Set<String> plansUsed = new LinkedHashSet<>();
    @AggregateMember
    private final TaskLedger tasks = new TaskLedger();
    @AggregateMember
    private final Map<String, ServiceBinding> bindings = new HashMap<>();

    public ServiceInstance() {
        // for Axon
    }

    boolean exists() {
        return state != null;
    }

    String serviceId() {
        return serviceId;
    }

    String planId() {
        return planId;
    }

    /**
     * The plans whose slots the instance may hold and no longer needs: every plan it was on or asked to
     * move to, but its plan and a running update's (all of them once it is gone).
     */
    Set<String> plansNoLongerUsed() {
        Set<String> unused = new LinkedHashSet<>(plansUsed);
        if (state != InstanceState.GONE) {
            unused.remove(planId);
            unused.remove(runningUpdate == null ? null : runningUpdate.planId());
        }
        return unused;
    }

    /** A new instance, or the answer to a repeated request (an identical one, else a conflict). */
    public Accepted provision(ProvisionInstance command, ServiceCatalog catalog, Clock clock) {
        Plan plan = InstanceRules.plan(catalog, command.serviceId(), command.planId());
        if (state != null) {
            if (state == InstanceState.GONE) {
                throw new ConflictException("instance " + instanceId
                        + " was deprovisioned; its id cannot be used again");
            }
            if (!InstanceRules.sameProvision(provisionRequest, command)) {
                throw new ConflictException("instance " + instanceId + " exists with other attributes");
            }
            return new Accepted(provisionRequest.task(), state != InstanceState.PROVISIONING
                    && state != InstanceState.FAILED);
        }
        Maintenance.requirePlans(command.maintenanceInfo(), plan);
        apply(new ProvisionRequested(command.instanceId(), command.serviceId(), command.planId(), command.parameters(),
                InputMerge.merge(plan, command.parameters()), command.context(), 1, command.actor(), clock.instant(),
                plan.maintenanceInfo()));
        Maintenance.pollingDeadline(plan, instanceId, 1, clock).ifPresent(deadline -> apply(deadline));
        return new Accepted(1, false);
    }

    /**
     * A new plan and/or parameters. A failed instance refuses with {@code InvalidInputException} naming
     * {@code instance_id} (400): only deprovision and purge remain for it, so the request cannot be served.
     */
    public Accepted update(UpdateInstance command, ServiceCatalog catalog, InstanceInputValidation validation,
                           Clock clock) {
        if (state == InstanceState.UPDATING && resends(command)) {
            return new Accepted(runningUpdate.task(), false); // OSB: a PATCH re-sent while it runs gets its operation
        }
        requireUsable();
        if (command.serviceId() != null && !command.serviceId().equals(serviceId)) {
            throw new InvalidInputException("service_id", "is not the service of instance " + instanceId);
        }
        String newPlanId = command.planId() == null ? planId : command.planId();
        if (!newPlanId.equals(planId)) {
            boolean updatable = catalog.plan(serviceId, planId).map(Plan::planUpdatable).orElse(false);
            if (!updatable) {
                throw new UnsupportedChangeException("plan " + planId + " does not allow a change of plan");
            }
        }
        Plan newPlan = InstanceRules.plan(catalog, serviceId, newPlanId);
        Maintenance.requirePlans(command.maintenanceInfo(), newPlan);
        ObjectNode newParameters = command.parameters() == null ? parameters : command.parameters();
        ObjectNode inputs = InputMerge.merge(newPlan, newParameters);
        validation.confirm(instanceId, inputs);
        int task = tasks.next();
        apply(new UpdateRequested(instanceId, newPlanId, newParameters, inputs, task, command.actor(),
                clock.instant(), newPlan.maintenanceInfo()));
        Maintenance.pollingDeadline(newPlan, instanceId, task, clock).ifPresent(deadline -> apply(deadline));
        return new Accepted(task, false);
    }

    @CommandHandler
    public Accepted handle(BindInstance command, ServiceCatalog catalog, Clock clock) {
        if (state == InstanceState.GONE) {
            throw new NotFoundException("instance " + instanceId + " was deprovisioned");
        }
        ServiceBinding predecessor = command.predecessorBindingId() == null ? null
                : bindings.get(command.predecessorBindingId());
        // a rotation carries the predecessor's parameters and context over, unless it sends its own
        ObjectNode bindParameters = command.parameters() == null && predecessor != null ? predecessor.parameters()
                : command.parameters();
        ObjectNode bindContext = command.context() == null && predecessor != null ? predecessor.context()
                : command.context();
        ServiceBinding binding = bindings.get(command.bindingId());
        if (binding != null) {
            if (binding.state() == BindingState.GONE || !binding.sameRequest(bindParameters, bindContext)) {
                throw new ConflictException("binding " + command.bindingId()
                        + " exists or existed with other attributes");
            }
            boolean bound = binding.state() == BindingState.BOUND;
            return new Accepted(binding.bindTask(), bound, bound ? binding.sealedCredentials() : null);
        }
        requireUsable();
        Plan plan = InstanceRules.plan(catalog, serviceId, planId);
        InstanceRules.requireSame(serviceId, planId, command.serviceId(), command.planId());
        if (!plan.bindable()) {
            throw new InvalidInputException("plan_id", "plan " + planId + " is not bindable");
        }
        InstanceRules.requirePredecessor(command.predecessorBindingId(), plan, predecessor, clock.instant());
        int task = tasks.next();
        apply(new BindRequested(instanceId, command.bindingId(), bindParameters, bindContext, task, command.actor(),
                clock.instant(), command.predecessorBindingId()));
        Maintenance.pollingDeadline(plan, instanceId, task, clock).ifPresent(deadline -> apply(deadline));
        return new Accepted(task, false);
    }

    /** An unknown, gone or failed binding is gone (410); one being unbound answers its running task. */
    public Accepted unbind(UnbindInstance command, ServiceCatalog catalog, Clock clock) {
        if (state == InstanceState.GONE) {
            throw new GoneException("instance " + instanceId + " was deprovisioned");
        }
        ServiceBinding binding = bindings.get(command.bindingId());
        if (binding == null || binding.state() == BindingState.GONE || binding.state() == BindingState.FAILED) {
            throw new GoneException("binding " + command.bindingId() + " does not exist");
        }
        if (binding.state() == BindingState.UNBINDING) {
            return new Accepted(binding.unbindTask(), false);
        }
        if (binding.state() == BindingState.BINDING || state.busy()) {
            throw busy();
        }
        int task = tasks.next();
        apply(new UnbindRequested(instanceId, command.bindingId(), task, command.actor(), clock.instant()));
        Maintenance.pollingDeadline(catalog.declaredPlan(serviceId, planId).orElse(null), instanceId, task, clock)
                .ifPresent(deadline -> apply(deadline));
        return new Accepted(task, false);
    }

    /**
     * A deprovision while the provision runs is accepted: the provision's saga asks for no further step
     * (its running container finishes and is recorded, then its teardown runs), and the deprovision's saga
     * waits for the provision task to end ({@code DeprovisionRequested.afterTask}) before its own setup.
     * Any other running operation refuses it (OSB 422 ConcurrencyError).
     */
    public Accepted deprovision(DeprovisionInstance command, ServiceCatalog catalog, Clock clock) {
        if (state == InstanceState.GONE) {
            throw new GoneException("instance " + instanceId + " was deprovisioned");
        }
        if (state == InstanceState.DEPROVISIONING) {
            return new Accepted(runningTask, false);
        }
        boolean duringProvision = state == InstanceState.PROVISIONING;
        if (state.busy() && !duringProvision) {
            throw busy();
        }
        int task = tasks.next();
        apply(new DeprovisionRequested(instanceId, task, command.actor(), clock.instant(),
                duringProvision ? runningTask : null));
        Maintenance.pollingDeadline(catalog.declaredPlan(serviceId, planId).orElse(null), instanceId, task, clock)
                .ifPresent(deadline -> apply(deadline));
        return new Accepted(task, false);
    }

    /** A container's report; a stale or repeated one changes nothing and is no error. */
    @CommandHandler
    public void handle(RecordStep command, Clock clock) {
        TaskProgress task = tasks.open(command.task());
        if (command.outcome() == null || command.step() == null || task == null
                || !task.awaits(command.step(), command.attempt())) {
            return;
        }
        String updatePlan = runningUpdate == null ? planId : runningUpdate.planId();
        StepReports.events(command, task, updatePlan, clock.instant()).forEach(event -> apply(event));
    }

    /**
     * A task number the instance never had is invalid input (400); a task without a failed teardown to
     * retry (running, done, or retried already) is a conflict (409).
     */
    @CommandHandler
    public void handle(RetryTeardown command, Clock clock) {
        if (command.task() < 1 || command.task() > tasks.last()) {
            throw new InvalidInputException("task", "instance " + instanceId + " has no task " + command.task());
        }
        TaskProgress task = tasks.open(command.task());
        if (task == null || !task.teardownFailed()) {
            throw new ConflictException("task " + command.task() + " of instance " + instanceId
                    + " has no failed teardown to retry");
        }
        apply(new TeardownRetryRequested(instanceId, command.task(), command.actor(), clock.instant()));
    }

    /** Purging again changes nothing. */
    @CommandHandler
    public void handle(PurgeInstance command, Clock clock) {
        if (state != InstanceState.GONE && state != InstanceState.FAILED) {
            throw new ConflictException("instance " + instanceId + " is " + state
                    + ": only a deprovisioned or failed instance can be purged");
        }
        if (!purged) {
            apply(new InstancePurged(instanceId, command.actor(), clock.instant()));
        }
    }

    /** Whether an update asks for what the running one does: the same plan and parameters. */
    private boolean resends(UpdateInstance command) {
        String asked = command.planId() == null ? planId : command.planId();
        ObjectNode askedParameters = command.parameters() == null ? parameters : command.parameters();
        return runningUpdate != null && asked.equals(runningUpdate.planId())
                && Objects.equals(InputMerge.orEmpty(askedParameters), InputMerge.orEmpty(runningUpdate.parameters()));
    }

    private void requireUsable() {
        if (state == InstanceState.GONE) {
            throw new NotFoundException("instance " + instanceId + " was deprovisioned");
        }
        if (state == InstanceState.FAILED) {
            throw new InvalidInputException("instance_id", "instance " + instanceId
                    + " failed to provision: only deprovision remains");
        }
        if (state.busy()) {
            throw busy();
        }
    }

    private OperationInProgressException busy() {
        return new OperationInProgressException("instance " + instanceId + " is " + state + " (task-" + runningTask
                + "); try again when it is done");
    }

    // state

    private void opened(TaskOpened event, InstanceState running) {
        state = running;
        runningTask = event.task();
    }

    @EventSourcingHandler
    void on(ProvisionRequested event) {
        instanceId = event.instanceId();
        stream = InstanceStreams.of(instanceId);
        serviceId = event.serviceId();
        planId = event.planId();
        parameters = event.parameters();
        provisionRequest = event;
        plansUsed.add(event.planId());
        opened(event, InstanceState.PROVISIONING);
    }

    @EventSourcingHandler
    void on(UpdateRequested event) {
        runningUpdate = event;
        plansUsed.add(event.planId());
        opened(event, InstanceState.UPDATING);
    }

    @EventSourcingHandler
    void on(BindRequested event) {
        bindings.put(event.bindingId(), new ServiceBinding(event));
        opened(event, InstanceState.BINDING);
    }

    @EventSourcingHandler
    void on(UnbindRequested event) {
        opened(event, InstanceState.UNBINDING);
    }

    @EventSourcingHandler
    void on(DeprovisionRequested event) {
        beforeDeprovision = state == InstanceState.PROVISIONING ? InstanceState.FAILED : state;
        opened(event, InstanceState.DEPROVISIONING);
    }

    /**
     * An operation's result settles the instance. A failed deprovision leaves it where it was, so a failed
     * instance stays failed (only deprovision and purge remain for it).
     */
    @EventSourcingHandler
    void on(TaskEvent event) {
        InstanceState settled = switch (event) {
            case InstanceProvisioned ignored -> InstanceState.QUIET;
            case ProvisionFailed ignored -> InstanceState.FAILED;
            case InstanceUpdated updated -> {
                planId = updated.planId();
                parameters = runningUpdate.parameters();
                runningUpdate = null;
                yield InstanceState.QUIET;
            }
            case UpdateFailed ignored -> {
                runningUpdate = null;
                yield InstanceState.QUIET;
            }
            case InstanceBound ignored -> InstanceState.QUIET;
            case BindFailed ignored -> InstanceState.QUIET;
            case InstanceUnbound ignored -> InstanceState.QUIET;
            case UnbindFailed ignored -> InstanceState.QUIET;
            case InstanceDeprovisioned ignored -> InstanceState.GONE;
            case DeprovisionFailed ignored -> Objects.requireNonNullElse(beforeDeprovision, InstanceState.QUIET);
            default -> null; // a step's events: the ledger's
        };
        if (settled != null && event.task() != runningTask && state == InstanceState.DEPROVISIONING) {
            beforeDeprovision = settled; // the provision a deprovision overtook: where a failed deprovision returns
        } else if (settled != null) {
            state = settled;
            runningTask = 0;
        }
    }

    @EventSourcingHandler
    void on(InstancePurged event) {
        purged = true;
    }
}
