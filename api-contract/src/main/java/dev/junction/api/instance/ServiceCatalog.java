package dev.junction.api.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services and plans the operator offers (from {@code junction.catalog}), each plan resolved to its
 * stencil's metadata. The command side reads it to check and merge a request before anything runs.
 */
public interface ServiceCatalog {

    List<Plan> plans();

    default Optional<Plan> plan(String serviceId, String planId) {
        return plans().stream()
                .filter(p -> p.serviceId().equals(serviceId) && p.planId().equals(planId))
                .findFirst();
    }

    /** A service's description as the operator wrote it; empty: none (its name stands for it). */
    default Optional<String> serviceDescription(String serviceId) {
        return Optional.empty();
    }

    /** Plan id → why a declared plan is not offered (yet): its stencil unread, or not fitting the plan. */
    default Map<String, String> notOffered() {
        return Map.of();
    }

    /**
     * A plan as the operator declared it, whether or not it is offered now: what the containers of an
     * existing instance's task need (image, backend, infrastructure) does not wait for, nor depend on, the
     * stencil's metadata being read again after a restart. New instances ask {@link #plan} instead.
     */
    default Optional<Plan> declaredPlan(String serviceId, String planId) {
        return plan(serviceId, planId);
    }

    /**
     * One plan. {@code operatorInputs} are merged under the user's parameters unless a key is in
     * {@code fixedInputs} (the operator's value wins there); {@code inputsSchema} is the stencil's
     * {@code inputs} as a JSON Schema object; {@code instanceLimit} 0 means none. {@code maintenanceInfo}
     * is null until the stencil's metadata is read; {@code bindingRotatable} lets a bind name a predecessor
     * binding (OSB binding rotation); {@code maximumPollingDuration} is in seconds, 0 for none.
     */
    record Plan(String serviceId, String serviceName, String planId, String planName, String description,
                String stencilImage, String backend, String infrastructure, ObjectNode operatorInputs,
                List<String> fixedInputs, ObjectNode inputsSchema, int instanceLimit, boolean bindable,
                boolean planUpdatable, MaintenanceInfo maintenanceInfo, boolean bindingRotatable,
                int maximumPollingDuration) {

        /** A plan without maintenance_info, binding rotation or polling limit. */
        public Plan(String serviceId, String serviceName, String planId, String planName, String description,
                    String stencilImage, String backend, String infrastructure, ObjectNode operatorInputs,
                    List<String> fixedInputs, ObjectNode inputsSchema, int instanceLimit, boolean bindable,
                    boolean planUpdatable) {
            this(serviceId, serviceName, planId, planName, description, stencilImage, backend, infrastructure,
                    operatorInputs, fixedInputs, inputsSchema, instanceLimit, bindable, planUpdatable, null, false,
                    0);
        }
    }
}
