package dev.junction.command.instance;

import dev.junction.api.error.InvalidInputException;
import dev.junction.api.instance.BindingState;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.api.instance.ServiceCatalog.Plan;

import java.time.Instant;
import java.util.Objects;

/** Checks of a request against the catalog and against what the instance was asked before. */
final class InstanceRules {

    private InstanceRules() {
    }

    /** The plan, or an {@link InvalidInputException} naming {@code service_id} or {@code plan_id}. */
    static Plan plan(ServiceCatalog catalog, String serviceId, String planId) {
        if (serviceId == null || catalog.plans().stream().noneMatch(p -> p.serviceId().equals(serviceId))) {
            throw new InvalidInputException("service_id", "is not a service of this broker's catalog");
        }
        if (planId == null) {
            throw new InvalidInputException("plan_id", "is required");
        }
        return catalog.plan(serviceId, planId).orElseThrow(() ->
                new InvalidInputException("plan_id", "is not a plan of service " + serviceId));
    }

    /** Whether a provision request repeats the one that created the instance (absent and empty objects alike). */
    static boolean sameProvision(ProvisionRequested created, ProvisionInstance request) {
        return created.serviceId().equals(request.serviceId())
                && created.planId().equals(request.planId())
                && InputMerge.orEmpty(created.parameters()).equals(InputMerge.orEmpty(request.parameters()))
                && InputMerge.orEmpty(created.context()).equals(InputMerge.orEmpty(request.context()));
    }

    /** A request that names a service or plan must name the instance's own. */
    static void requireSame(String serviceId, String planId, String requestedService, String requestedPlan) {
        if (requestedService != null && !Objects.equals(serviceId, requestedService)) {
            throw new InvalidInputException("service_id", "is not the service of this instance");
        }
        if (requestedPlan != null && !Objects.equals(planId, requestedPlan)) {
            throw new InvalidInputException("plan_id", "is not the plan of this instance");
        }
    }

    /**
     * A rotation names a bound, unexpired binding of the instance, on a plan that allows rotation (else 400
     * naming the field).
     */
    static void requirePredecessor(String predecessorId, Plan plan, ServiceBinding predecessor, Instant now) {
        if (predecessorId == null) {
            return;
        }
        if (!plan.bindingRotatable()) {
            throw new InvalidInputException("predecessor_binding_id", "plan " + plan.planId()
                    + " does not allow binding rotation");
        }
        if (predecessor == null || predecessor.state() != BindingState.BOUND) {
            throw new InvalidInputException("predecessor_binding_id", "is not a bound binding of this instance");
        }
        if (predecessor.expiresAt() != null && !predecessor.expiresAt().isAfter(now)) {
            throw new InvalidInputException("predecessor_binding_id", "names a binding whose credentials expired");
        }
    }
}
