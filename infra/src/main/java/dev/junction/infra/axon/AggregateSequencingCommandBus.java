package dev.junction.infra.axon;

import dev.junction.api.error.BusyException;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Lets one command per aggregate through to the bus at a time; the others wait their turn in order, in
 * a queue rather than on a thread.
 *
 * <p>A pipe command is validated against the pipe's last committed ends before it takes the pipe's
 * lock ({@code PipeValidation}), so of several commands racing for one pipe all but the first find the
 * pipe changed and go round again, each validating anew. Taking them in turn here, each starts from
 * the ends its predecessor committed: no wasted validation, no back-off. Commands without a target
 * aggregate (a binding, a delivery request) pass straight through. A broker sharing its event store
 * with others still meets their changes, and retries those as before.
 */
public final class AggregateSequencingCommandBus implements CommandBus {

    private final CommandBus delegate;
    private final int maxWaiting;
    /** The aggregates with a command on its way, and the commands waiting behind it. */
    private final Map<String, ArrayDeque<Runnable>> lanes = new ConcurrentHashMap<>();

    /** @param maxWaiting commands that may wait for one aggregate; beyond, a command is refused as busy */
    public AggregateSequencingCommandBus(CommandBus delegate, int maxWaiting) {
        this.delegate = delegate;
        this.maxWaiting = maxWaiting;
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        String aggregate = targetOf(command);
        if (aggregate == null) {
            delegate.dispatch(command, callback);
            return;
        }
        Runnable send = () -> {
            try {
                delegate.dispatch(command, (CommandMessage<? extends C> message, CommandResultMessage<? extends R> result) -> {
                    next(aggregate); // the next command starts before this one's caller is answered
                    callback.onResult(message, result);
                });
            } catch (RuntimeException notTaken) { // a bus shutting down, say: the lane must not stay held
                next(aggregate);
                callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage(notTaken));
            }
        };
        Turn[] turn = {Turn.WAITS};
        lanes.compute(aggregate, (key, waiting) -> {
            if (waiting == null) {
                turn[0] = Turn.NOW;
                return new ArrayDeque<>();
            }
            if (waiting.size() >= maxWaiting) {
                turn[0] = Turn.REFUSED;
            } else {
                waiting.add(send);
            }
            return waiting;
        });
        switch (turn[0]) {
            case NOW -> send.run();
            case REFUSED -> callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage(new BusyException(
                    maxWaiting + " commands are already waiting for " + aggregate + "; try again shortly")));
            case WAITS -> {
                // sent by next() when the commands before it are done
            }
        }
    }

    private enum Turn { NOW, WAITS, REFUSED }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, (message, result) -> {
        });
    }

    /** Hands the aggregate to its next waiting command, or frees it. */
    private void next(String aggregate) {
        Runnable[] next = {null};
        lanes.computeIfPresent(aggregate, (key, waiting) -> {
            next[0] = waiting.poll();
            return next[0] == null ? null : waiting;
        });
        if (next[0] != null) {
            next[0].run();
        }
    }

    /** The command's target aggregate, or null when it names none. */
    private String targetOf(CommandMessage<?> command) {
        Object payload = command.getPayload();
        Method accessor = TARGET.get(payload.getClass());
        if (accessor == null) {
            return null;
        }
        try {
            Object id = accessor.invoke(payload);
            return id == null ? null : id.toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the target aggregate of " + payload.getClass(), e);
        }
    }

    /** Per command class: the record component marked {@link TargetAggregateIdentifier}, if any. */
    private static final ClassValue<Method> TARGET = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return null;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.isAnnotationPresent(TargetAggregateIdentifier.class)
                        || component.getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class)) {
                    component.getAccessor().setAccessible(true);
                    return component.getAccessor();
                }
            }
            return null;
        }
    };

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return delegate.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerDispatchInterceptor(interceptor);
    }

    /** Stops the bus this one sends to, when it has threads of its own. */
    public void shutdown() {
        if (delegate instanceof AsynchronousCommandBus threads) {
            threads.shutdown();
        }
    }
}
