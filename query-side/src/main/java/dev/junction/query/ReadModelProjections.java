package dev.junction.query;

import dev.junction.query.blueprint.BlueprintSlotUpdates;
import dev.junction.query.blueprint.BlueprintSlotsProjection;
import dev.junction.query.instance.InstanceViewProjection;
import dev.junction.query.instance.InstanceViewUpdates;
import dev.junction.query.pipe.PipeViewProjection;
import dev.junction.query.pipe.PipeViewUpdates;
import dev.junction.query.pipe.ProjectionFailures;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every read-model projection over the given stores, fed stored events through the same
 * {@code @EventHandler} methods that live processing calls, so a rebuild cannot map an event
 * differently from live. The methods are found once and called through method handles: Axon's own
 * handler adapter costs microseconds an event, seconds in a rebuild of a million. Not thread-safe.
 */
final class ReadModelProjections {

    /** An {@code @EventHandler} method taking the payload and, marked {@code @SequenceNumber}, the sequence. */
    private record Handler(Class<?> payloadType, MethodHandle method, boolean takesSequence) {
    }

    private final List<Handler> handlers = new ArrayList<>();
    private final Map<Class<?>, List<Handler>> byPayloadType = new HashMap<>();

    ReadModelProjections(PipeViewUpdates pipes, BlueprintSlotUpdates slots, InstanceViewUpdates instances) {
        register(new PipeViewProjection(pipes, ProjectionFailures.RETHROW));
        register(new BlueprintSlotsProjection(slots));
        register(new InstanceViewProjection(instances));
    }

    private void register(Object projection) {
        List<Handler> own = new ArrayList<>();
        for (Method method : projection.getClass().getMethods()) {
            if (!method.isAnnotationPresent(EventHandler.class)) {
                continue;
            }
            Class<?>[] types = method.getParameterTypes();
            boolean takesSequence = types.length == 2 && types[1] == long.class
                    && method.getParameters()[1].isAnnotationPresent(SequenceNumber.class);
            if (types.length != 1 && !takesSequence) {
                throw new IllegalStateException(method + ": a rebuild passes only the payload and the "
                        + "@SequenceNumber; give the handler those parameters or teach ReadModelProjections more");
            }
            for (Handler other : own) {
                if (other.payloadType().isAssignableFrom(types[0]) || types[0].isAssignableFrom(other.payloadType())) {
                    throw new IllegalStateException(method + " overlaps another handler of its projection");
                }
            }
            try {
                MethodHandle handle = MethodHandles.publicLookup().unreflect(method).bindTo(projection);
                MethodType type = takesSequence ? MethodType.methodType(void.class, Object.class, long.class)
                        : MethodType.methodType(void.class, Object.class);
                own.add(new Handler(types[0], handle.asType(type), takesSequence));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(method + " must be public", e);
            }
        }
        handlers.addAll(own);
    }

    /** Hands the event to every projection that handles it (outside a unit of work: applied at once). */
    void apply(EventMessage<?> event) {
        List<Handler> matching = byPayloadType.computeIfAbsent(event.getPayloadType(), type -> handlers.stream()
                .filter(handler -> handler.payloadType().isAssignableFrom(type)).toList());
        if (matching.isEmpty()) {
            return; // not even deserialised
        }
        Object payload = event.getPayload();
        for (Handler handler : matching) {
            try {
                if (!handler.takesSequence()) {
                    handler.method().invokeExact(payload);
                } else if (event instanceof DomainEventMessage<?> domain) {
                    handler.method().invokeExact(payload, domain.getSequenceNumber());
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("read-model projection failed on " + event.getPayloadType(), e);
            }
        }
    }
}
