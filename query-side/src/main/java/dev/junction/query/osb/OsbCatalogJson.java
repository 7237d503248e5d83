package dev.junction.query.osb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.instance.ServiceCatalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OSB catalog of the operator's plans: one service per service id (in the order its first plan is
 * listed), every plan with the JSON Schema of the parameters a user may send. That schema is the plan's
 * stencil inputs without the inputs the operator fixed, and without requiring those the operator supplies.
 */
public final class OsbCatalogJson {

    static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";

    private OsbCatalogJson() {
    }

    public static ObjectNode render(ServiceCatalog catalog) {
        List<ServiceCatalog.Plan> plans = catalog.plans();
        Map<String, List<ServiceCatalog.Plan>> byService = new LinkedHashMap<>();
        plans.forEach(p -> byService.computeIfAbsent(p.serviceId(), k -> new java.util.ArrayList<>()).add(p));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode services = root.putArray("services");
        byService.forEach((serviceId, own) -> {
            ServiceCatalog.Plan first = own.get(0);
            ObjectNode service = services.addObject();
            service.put("id", serviceId);
            service.put("name", first.serviceName());
            service.put("description", catalog.serviceDescription(serviceId).orElse(first.serviceName()));
            service.put("bindable", own.stream().anyMatch(ServiceCatalog.Plan::bindable));
            service.put("instances_retrievable", true);
            service.put("bindings_retrievable", true);
            service.put("plan_updateable", own.stream().anyMatch(ServiceCatalog.Plan::planUpdatable));
            ArrayNode planArray = service.putArray("plans");
            own.forEach(p -> planArray.add(plan(p)));
        });
        return root;
    }

    private static ObjectNode plan(ServiceCatalog.Plan p) {
        ObjectNode plan = JsonNodeFactory.instance.objectNode();
        plan.put("id", p.planId());
        plan.put("name", p.planName());
        plan.put("description", p.description() != null && !p.description().isBlank() ? p.description()
                : p.planName());
        plan.put("free", true);
        plan.put("bindable", p.bindable());
        plan.put("plan_updateable", p.planUpdatable());
        if (p.bindable()) {
            plan.put("binding_rotatable", p.bindingRotatable());
        }
        if (p.maximumPollingDuration() > 0) {
            plan.put("maximum_polling_duration", p.maximumPollingDuration());
        }
        if (p.maintenanceInfo() != null) {
            plan.set("maintenance_info", maintenanceInfo(p.maintenanceInfo()));
        }
        ObjectNode parameters = userSchema(p);
        ObjectNode schemas = plan.putObject("schemas");
        ObjectNode instance = schemas.putObject("service_instance");
        instance.putObject("create").set("parameters", parameters.deepCopy());
        instance.putObject("update").set("parameters", parameters.deepCopy());
        if (p.bindable()) {
            // OSB: the binding's schema is used only if the plan is bindable
            schemas.putObject("service_binding").putObject("create").set("parameters", parameters.deepCopy());
        }
        return plan;
    }

    /** OSB's {@code maintenance_info} object (an instance's as well as a plan's). */
    public static ObjectNode maintenanceInfo(MaintenanceInfo info) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("version", info.version());
        if (info.description() != null) {
            node.put("description", info.description());
        }
        return node;
    }

    /** What a user may send as {@code parameters} for this plan. */
    static ObjectNode userSchema(ServiceCatalog.Plan p) {
        ObjectNode schema = p.inputsSchema() != null ? p.inputsSchema().deepCopy()
                : JsonNodeFactory.instance.objectNode();
        schema.put("$schema", DRAFT_04);
        schema.put("type", "object");
        List<String> fixed = p.fixedInputs() != null ? p.fixedInputs() : List.of();
        if (schema.get("properties") instanceof ObjectNode properties) {
            fixed.forEach(properties::remove);
        } else {
            schema.putObject("properties");
        }
        if (schema.get("required") instanceof ArrayNode required) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            for (JsonNode name : required) {
                boolean supplied = p.operatorInputs() != null && p.operatorInputs().has(name.asText());
                if (!supplied && !fixed.contains(name.asText())) {
                    kept.add(name);
                }
            }
            if (kept.isEmpty()) {
                schema.remove("required");
            } else {
                schema.set("required", kept);
            }
        }
        return schema;
    }
}
