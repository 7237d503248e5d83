package dev.junction.command.blueprint;

import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeCommands.BindBlueprint;
import dev.junction.api.pipe.PipeCommands.DeletePipe;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.command.pipe.PipeAggregate;
import dev.junction.command.schema.SchemaValidator;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;

/**
 * Commands that touch a pipe and its blueprint together. Both aggregates change in one unit of
 * work, so a binding never takes a slot without making its pipe, and a deleted pipe never keeps
 * its slot.
 */
public class PipeLifecycleHandler {

    private final Repository<PipeAggregate> pipes;
    private final Repository<BlueprintSlots> blueprints;
    private final SchemaValidator validator;

    public PipeLifecycleHandler(Repository<PipeAggregate> pipes, Repository<BlueprintSlots> blueprints,
                                SchemaValidator validator) {
        this.pipes = pipes;
        this.blueprints = blueprints;
        this.validator = validator;
    }

    @CommandHandler
    public void handle(BindBlueprint command) throws Exception {
        var create = command.pipe();
        Aggregate<BlueprintSlots> slots = blueprints.loadOrCreate(command.blueprintKey(), BlueprintSlots::new);
        slots.execute(b -> b.take(command.blueprintKey(), create.pipeKey(), command.maxPipes(), create.actor()));
        Aggregate<PipeAggregate> pipe = pipes.loadOrCreate(create.pipeKey(), PipeAggregate::new);
        pipe.execute(p -> p.handle(create, validator));
    }

    @CommandHandler
    public void handle(DeletePipe command) {
        PipeBinding[] binding = new PipeBinding[1];
        pipes.load(command.pipeKey()).execute(p -> binding[0] = p.delete(command));
        if (binding[0] != null) {
            String key = PipeKeys.blueprint(PipeKeys.resourceOf(command.pipeKey()), binding[0].kind(),
                    binding[0].blueprint());
            try {
                blueprints.load(key).execute(b -> b.release(command.pipeKey(), command.actor()));
            } catch (org.axonframework.modelling.command.AggregateNotFoundException ignored) {
                // a blueprint that never took a slot has nothing to free
            }
        }
    }
}
