package dev.junction.command.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.error.ChangedMeanwhileException;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.pipe.PipeCommands.PostOtherEnd;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;
import dev.junction.command.pipe.PipeEndRules.Ends;
import dev.junction.command.resource.ResourceDataLookup;
import dev.junction.command.schema.SchemaValidator;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Checks a pipe's new ends against their schemas before the command takes the pipe's lock, since that
 * check is the slow part of a command (a large end, a demanding schema) and a lock held through it would
 * queue every other command on the pipe. As a command handler interceptor it applies {@link PipeEndRules}
 * to the ends committed last ({@link CommittedEnds}) and validates the result; under the lock the aggregate
 * asks {@link #require} whether the ends it decided are the ones checked. When the pipe changed in between
 * they are not, and the command is refused as {@link ChangedMeanwhileException}, which the command gateway
 * sends again: no validation ever runs under the lock.
 */
public class PipeValidation implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String CHECKED = PipeValidation.class.getName() + ".checked";
    /** Checked, and the pipe was not there: under the lock, a pipe that is there has changed meanwhile. */
    private static final Ends ABSENT = new Ends(null, null);

    private final SchemaValidator validator;
    private final CommittedEnds committed;
    private final ResourceDataLookup resources;
    private final BrokerIdentity broker;

    public PipeValidation(SchemaValidator validator, CommittedEnds committed, ResourceDataLookup resources,
                          BrokerIdentity broker) {
        this.validator = validator;
        this.committed = committed;
        this.resources = resources;
        this.broker = broker;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object command = unitOfWork.getMessage().getPayload();
        Ends proposed = switch (command) {
            case CreatePipe create -> PipeEndRules.created(create, broker, startData(create));
            case UpdatePipe update ->
                    committed.of(update.pipeKey()).map(e -> PipeEndRules.updated(e, update)).orElse(ABSENT);
            case PostOtherEnd post when post.data() != null ->
                    committed.of(post.pipeKey()).map(e -> PipeEndRules.posted(e, post.data())).orElse(ABSENT);
            default -> null;
        };
        if (proposed != null) {
            check(proposed);
        }
        return chain.proceed();
    }

    /** Validates the ends of a pipe a command is about to create, before the command takes any lock. */
    public void checkCreation(CreatePipe create) {
        check(PipeEndRules.created(create, broker, startData(create)));
    }

    /**
     * Under the pipe's lock: passes when these are the ends checked before it. Only a command that never
     * passed the interceptor (the aggregate's own tests) is validated here.
     */
    public void require(String pipeKey, Ends decided) {
        Ends checked = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getResource(CHECKED) : null;
        if (checked == null) {
            validator.validate(decided.thisEnd(), decided.otherEnd());
        } else if (!checked.equals(decided)) {
            committed.forget(pipeKey);
            throw new ChangedMeanwhileException("pipe " + pipeKey + " changed while this request was checked");
        }
    }

    private void check(Ends proposed) {
        if (proposed != ABSENT) {
            validator.validate(proposed.thisEnd(), proposed.otherEnd());
        }
        CurrentUnitOfWork.get().root().resources().put(CHECKED, proposed);
    }

    private ObjectNode startData(CreatePipe create) {
        return create.binding() == null ? resources.dataOf(create.resource()).orElse(null) : null;
    }
}
