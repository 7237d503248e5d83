package dev.junction.infra.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.infra.catalog.ServiceCatalogFile.DeclaredPlan;
import dev.junction.infra.container.ImageMetadataSource;
import dev.junction.infra.container.StencilMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The service catalog the broker offers: each declared plan once its stencil's {@code metadata} has been
 * read and found to fit (the plan's infrastructure among the stencil's). Reading metadata runs a
 * container, so it happens on {@link #refresh()}, called in the background, never on a request's thread:
 * {@link #plans()} only reads the last result. A plan whose stencil cannot be read yet (no engine, an
 * image not built) is left out with its reason ({@link #refused()}) and tried again on the next refresh.
 */
public final class StencilCatalog implements ServiceCatalog {

    private static final Logger log = LoggerFactory.getLogger(StencilCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DeclaredPlan> declared;
    private final ImageMetadataSource metadata;
    private final UnaryOperator<String> imageIds;
    private volatile List<Plan> plans = List.of();
    private volatile Map<String, String> refused = Map.of();

    public StencilCatalog(List<DeclaredPlan> declared, ImageMetadataSource metadata) {
        this(declared, metadata, UnaryOperator.identity());
    }

    /**
     * {@code imageIds} gives an image's engine id (its content digest, {@code ContainerRuntime.imageId}),
     * which each plan's {@code maintenance_info.description} names.
     */
    public StencilCatalog(List<DeclaredPlan> declared, ImageMetadataSource metadata, UnaryOperator<String> imageIds) {
        this.declared = List.copyOf(declared);
        this.metadata = metadata;
        this.imageIds = imageIds;
        Map<String, String> waiting = new LinkedHashMap<>();
        declared.forEach(p -> waiting.put(p.planId(), "its stencil's metadata has not been read yet"));
        this.refused = waiting;
    }

    @Override
    public List<Plan> plans() {
        return plans;
    }

    /** The offered plan, or else the declaration with no inputs schema (its stencil's metadata not read). */
    @Override
    public Optional<Plan> declaredPlan(String serviceId, String planId) {
        Optional<Plan> offered = plan(serviceId, planId);
        if (offered.isPresent()) {
            return offered;
        }
        return declared.stream().filter(p -> p.serviceId().equals(serviceId) && p.planId().equals(planId))
                .findFirst().map(p -> new Plan(p.serviceId(), p.serviceName(), p.planId(), p.planName(),
                        p.description(), p.stencilImage(), p.backend(), p.infrastructure(), p.inputs(),
                        p.fixedInputs(), JSON.createObjectNode(), p.instanceLimit(), p.bindable(), p.planUpdatable(),
                        null, p.bindingRotatable(), p.maximumPollingDuration()));
    }

    @Override
    public Optional<String> serviceDescription(String serviceId) {
        return declared.stream().filter(p -> p.serviceId().equals(serviceId)).findFirst()
                .map(DeclaredPlan::serviceDescription);
    }

    @Override
    public Map<String, String> notOffered() {
        return refused;
    }

    /** Plan id → why it is not offered (yet). */
    public Map<String, String> refused() {
        return refused;
    }

    public boolean complete() {
        return refused.isEmpty();
    }

    /** Reads the metadata of every stencil not read yet (slow: one container per image). */
    public synchronized void refresh() {
        List<Plan> offered = new ArrayList<>();
        Map<String, String> left = new LinkedHashMap<>();
        boolean engine = metadata.engineAvailable();
        for (DeclaredPlan p : declared) {
            if (!engine) {
                left.put(p.planId(), "no container engine answers");
                continue;
            }
            try {
                StencilMetadata stencil = metadata.stencil(p.stencilImage());
                if (!stencil.infrastructures().contains(p.infrastructure())) {
                    left.put(p.planId(), "stencil " + p.stencilImage() + " supports " + stencil.infrastructures()
                            + ", not the plan's " + p.infrastructure());
                    continue;
                }
                offered.add(plan(p, stencil, maintenance(p.stencilImage(), stencil)));
            } catch (RuntimeException e) {
                left.put(p.planId(), "stencil " + p.stencilImage() + ": " + e.getMessage());
            }
        }
        left.forEach((plan, why) -> log.warn("plan {} is not offered: {}", plan, why));
        plans = List.copyOf(offered);
        refused = Map.copyOf(left);
    }

    /** The stencil's version, and the image (with its engine id) it was read from. */
    private MaintenanceInfo maintenance(String image, StencilMetadata stencil) {
        String id = imageIds.apply(image);
        return new MaintenanceInfo(stencil.version(), "stencil " + stencil.name() + " " + stencil.version()
                + " from image " + image + (id == null || id.equals(image) ? "" : " (" + id + ")"));
    }

    private static Plan plan(DeclaredPlan p, StencilMetadata stencil, MaintenanceInfo maintenance) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.set("properties", stencil.inputs() == null ? JSON.createObjectNode() : stencil.inputs().deepCopy());
        return new Plan(p.serviceId(), p.serviceName(), p.planId(), p.planName(),
                p.description().isEmpty() ? stencil.name() + " " + stencil.version() : p.description(),
                p.stencilImage(), p.backend(), p.infrastructure(), p.inputs(), p.fixedInputs(), schema,
                p.instanceLimit(), p.bindable(), p.planUpdatable(), maintenance, p.bindingRotatable(),
                p.maximumPollingDuration());
    }
}
