package dev.junction.command.blueprint;

import dev.junction.api.blueprint.Blueprint;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeCommands.BindBlueprint;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.pipe.PipeCommands.DeletePipe;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.command.blueprint.SlotCommands.ReleaseSlot;
import dev.junction.command.blueprint.SlotCommands.TakeSlot;
import dev.junction.command.pipe.PipeAggregate;
import dev.junction.command.pipe.PipeValidation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.time.Clock;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

/**
 * Commands that touch a pipe and its blueprint together. Both aggregates change in one unit of
 * work, so a binding never takes a slot without making its pipe, and a deleted pipe never keeps
 * its slot. Each aggregate applies its own rules: the commands are handed to them through their
 * repositories.
 */
public class PipeLifecycleHandler {

    private final Repository<PipeAggregate> pipes;
    private final Repository<BlueprintSlots> blueprints;
    private final Resource.Catalog catalog;
    private final PipeValidation validation;
    private final Clock clock;

    public PipeLifecycleHandler(Repository<PipeAggregate> pipes, Repository<BlueprintSlots> blueprints,
                                Resource.Catalog catalog, PipeValidation validation, Clock clock) {
        this.pipes = pipes;
        this.blueprints = blueprints;
        this.catalog = catalog;
        this.validation = validation;
        this.clock = clock;
    }

    /**
     * Validates the planned pipe before any lock, takes a slot of the blueprint, then creates the pipe;
     * answers the creation, as {@code CreatePipe} does.
     */
    @CommandHandler
    public PipeCreated handle(BindBlueprint command) throws Exception {
        Blueprint blueprint = BindingPlanner.blueprint(catalog, command.resource(), command.kind(),
                command.blueprint());
        CreatePipe create = BindingPlanner.plan(command, blueprint);
        validation.checkCreation(create);
        String blueprintKey = PipeKeys.blueprint(command.resource(), command.kind(), command.blueprint());
        blueprints.loadOrCreate(blueprintKey, BlueprintSlots::new).handle(asCommandMessage(
                new TakeSlot(blueprintKey, create.pipeKey(), blueprint.maxPipes(), command.actor())));
        return (PipeCreated) pipes.loadOrCreate(create.pipeKey(), PipeAggregate::new)
                .handle(asCommandMessage(create));
    }

    /** Deletes the pipe, then frees the slot it was bound to, if any. */
    @CommandHandler
    public void handle(DeletePipe command) throws Exception {
        PipeBinding binding = pipes.load(command.pipeKey()).invoke(pipe -> pipe.delete(command, clock));
        if (binding == null) {
            return;
        }
        String blueprintKey = PipeKeys.blueprint(PipeKeys.resourceOf(command.pipeKey()), binding.kind(),
                binding.blueprint());
        try {
            blueprints.load(blueprintKey).handle(asCommandMessage(
                    new ReleaseSlot(blueprintKey, command.pipeKey(), command.actor())));
        } catch (AggregateNotFoundException ignored) {
            // a blueprint that never took a slot has nothing to free
        }
    }
}
