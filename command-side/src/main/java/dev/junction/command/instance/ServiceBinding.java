package dev.junction.command.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.instance.BindingState;
import dev.junction.api.instance.InstanceEvents.BindFailed;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceUnbound;
import dev.junction.api.instance.InstanceEvents.UnbindFailed;
import dev.junction.api.instance.InstanceEvents.UnbindRequested;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.EntityId;

import java.time.Instant;
import java.util.Objects;

/**
 * One binding of a service instance, an entity of {@link ServiceInstance}: its events reach it by their
 * {@code bindingId}. It keeps what a repeated bind is compared with and the tasks that bind and unbind it;
 * the credentials stay in the events, sealed.
 */
public class ServiceBinding {

    @EntityId
    private final String bindingId;
    private final ObjectNode parameters;
    private final ObjectNode context;
    private final int bindTask;
    private BindingState state;
    private int unbindTask;
    private String sealedCredentials;
    private Instant expiresAt;

    ServiceBinding(BindRequested requested) {
        this.bindingId = requested.bindingId();
        this.parameters = InputMerge.orEmpty(requested.parameters());
        this.context = InputMerge.orEmpty(requested.context());
        this.bindTask = requested.task();
        this.state = BindingState.BINDING;
    }

    BindingState state() {
        return state;
    }

    int bindTask() {
        return bindTask;
    }

    int unbindTask() {
        return unbindTask;
    }

    String sealedCredentials() {
        return sealedCredentials;
    }

    ObjectNode parameters() {
        return parameters;
    }

    ObjectNode context() {
        return context;
    }

    /** When the bound credentials expire, as the bind declared; null: no lifetime. */
    Instant expiresAt() {
        return expiresAt;
    }

    /** Whether a bind request asks for this very binding (absent and empty objects alike). */
    boolean sameRequest(ObjectNode otherParameters, ObjectNode otherContext) {
        return Objects.equals(parameters, InputMerge.orEmpty(otherParameters))
                && Objects.equals(context, InputMerge.orEmpty(otherContext));
    }

    @EventSourcingHandler
    void on(InstanceBound event) {
        state = BindingState.BOUND;
        sealedCredentials = event.sealedCredentials();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(BindFailed event) {
        state = BindingState.FAILED;
    }

    @EventSourcingHandler
    void on(UnbindRequested event) {
        state = BindingState.UNBINDING;
        unbindTask = event.task();
    }

    @EventSourcingHandler
    void on(InstanceUnbound event) {
        state = BindingState.GONE;
    }

    @EventSourcingHandler
    void on(UnbindFailed event) {
        state = BindingState.BOUND;
    }

    /** By value, so that a state rebuilt from events compares equal to the live one (the fixture checks it). */
    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceBinding that && bindingId.equals(that.bindingId)
                && parameters.equals(that.parameters) && context.equals(that.context) && bindTask == that.bindTask
                && state == that.state && unbindTask == that.unbindTask && Objects.equals(expiresAt, that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bindingId, bindTask, state, unbindTask);
    }
}
