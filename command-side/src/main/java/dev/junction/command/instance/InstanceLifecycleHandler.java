package dev.junction.command.instance;

import dev.junction.api.Actor;
import dev.junction.api.error.GoneException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.DeprovisionInstance;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceCommands.ReleasePlanSlots;
import dev.junction.api.instance.InstanceCommands.UnbindInstance;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.api.instance.InstanceStreams;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.api.instance.ServiceCatalog.Plan;
import dev.junction.command.instance.PlanSlotCommands.ReleasePlanSlot;
import dev.junction.command.instance.PlanSlotCommands.TakePlanSlot;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

/**
 * The instance commands that also touch a plan's slots, or that must answer for an instance that does
 * not exist. A provision takes its plan's slot in the unit of work that creates the instance, and a plan
 * change the new plan's, so neither an instance without a slot nor a slot without an instance is ever
 * stored; {@link ReleasePlanSlots} frees what the instance no longer uses. A deprovision or unbind of an
 * unknown instance is {@link GoneException} (OSB 410), an update of one {@link NotFoundException}.
 * Each aggregate applies its own rules: this class only loads them and hands the commands on.
 */
public class InstanceLifecycleHandler {

    private final Repository<ServiceInstance> instances;
    private final Repository<PlanSlots> slots;
    private final ServiceCatalog catalog;
    private final InstanceInputValidation validation;
    private final Clock clock;

    public InstanceLifecycleHandler(Repository<ServiceInstance> instances, Repository<PlanSlots> slots,
                                    ServiceCatalog catalog, InstanceInputValidation validation, Clock clock) {
        this.instances = instances;
        this.slots = slots;
        this.catalog = catalog;
        this.validation = validation;
        this.clock = clock;
    }

    @CommandHandler
    public Accepted handle(ProvisionInstance command) throws Exception {
        Aggregate<ServiceInstance> instance = instances.loadOrCreate(InstanceStreams.of(command.instanceId()), ServiceInstance::new);
        boolean existed = instance.invoke(ServiceInstance::exists);
        Accepted accepted = instance.invoke(i -> i.provision(command, catalog, clock));
        if (!existed) {
            takeSlot(command.serviceId(), command.planId(), command.instanceId(), command.actor());
        }
        return accepted;
    }

    @CommandHandler
    public Accepted handle(UpdateInstance command) throws Exception {
        Aggregate<ServiceInstance> instance = load(command.instanceId(),
                () -> new NotFoundException("instance " + command.instanceId() + " does not exist"));
        String before = instance.invoke(ServiceInstance::planId);
        Accepted accepted = instance.invoke(i -> i.update(command, catalog, validation, clock));
        if (command.planId() != null && !command.planId().equals(before)) {
            takeSlot(instance.invoke(ServiceInstance::serviceId), command.planId(), command.instanceId(),
                    command.actor());
        }
        return accepted;
    }

    @CommandHandler
    public Accepted handle(DeprovisionInstance command) {
        return load(command.instanceId(), () -> gone(command.instanceId()))
                .invoke(i -> i.deprovision(command, catalog, clock));
    }

    @CommandHandler
    public Accepted handle(UnbindInstance command) {
        return load(command.instanceId(), () -> gone(command.instanceId()))
                .invoke(i -> i.unbind(command, catalog, clock));
    }

    /** Frees the slots of the plans the instance no longer uses; a plan without slots is passed over. */
    @CommandHandler
    public void handle(ReleasePlanSlots command) throws Exception {
        Aggregate<ServiceInstance> instance;
        try {
            instance = instances.load(InstanceStreams.of(command.instanceId()));
        } catch (AggregateNotFoundException notThere) {
            return;
        }
        Set<String> unused = instance.invoke(ServiceInstance::plansNoLongerUsed);
        String serviceId = instance.invoke(ServiceInstance::serviceId);
        for (String planId : unused) {
            if (catalog.plan(serviceId, planId).map(p -> p.instanceLimit() <= 0).orElse(false)) {
                continue; // no limit, no slots: spares the repository a failed load (logged as a warning)
            }
            String planKey = PlanSlots.key(serviceId, planId);
            try {
                slots.load(planKey).handle(asCommandMessage(new ReleasePlanSlot(planKey, command.instanceId())));
            } catch (AggregateNotFoundException ignored) {
                // a plan without a limit never had slots
            }
        }
    }

    private void takeSlot(String serviceId, String planId, String instanceId, Actor actor) throws Exception {
        Plan plan = catalog.plan(serviceId, planId).orElseThrow(); // the instance has checked it
        if (plan.instanceLimit() <= 0) {
            return;
        }
        String planKey = PlanSlots.key(serviceId, planId);
        slots.loadOrCreate(planKey, PlanSlots::new).handle(asCommandMessage(
                new TakePlanSlot(planKey, instanceId, plan.instanceLimit(), actor)));
    }

    private Aggregate<ServiceInstance> load(String instanceId, Supplier<RuntimeException> missing) {
        try {
            return instances.load(InstanceStreams.of(instanceId));
        } catch (AggregateNotFoundException notThere) {
            throw missing.get();
        }
    }

    private static GoneException gone(String instanceId) {
        return new GoneException("instance " + instanceId + " does not exist");
    }
}
