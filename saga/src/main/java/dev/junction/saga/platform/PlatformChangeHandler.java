package dev.junction.saga.platform;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.api.resource.ResourceQueries.ListLivePipeIds;
import dev.junction.api.resource.ResourceQueries.PipeIds;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Carries a change of a resource's data into {@code this.data} of each of its live pipes. It runs in
 * a streaming processor with a persistent token, so a restart in the middle resumes the fan-out; the
 * merge is idempotent, so pipes already updated are not changed again.
 *
 * <p>The changes of one batch of events are fanned out together when the batch commits: successive
 * changes of a resource are combined into one patch (later keys win, exactly as applying them one
 * after the other would leave the data), and each pipe gets one update for the lot. A busy resource
 * therefore costs one round of pipe updates per batch rather than one per change. A pipe whose
 * schema refuses the combined patch gets the changes one at a time, so it keeps every one it accepts.
 */
@ProcessingGroup(PlatformChangeHandler.PROCESSING_GROUP)
public class PlatformChangeHandler {

    public static final String PROCESSING_GROUP = "platform-changes";

    private static final Logger log = LoggerFactory.getLogger(PlatformChangeHandler.class);
    private static final String BATCH = PlatformChangeHandler.class.getName() + ".batch";

    private final CommandGateway commands;
    private final QueryGateway queries;

    public PlatformChangeHandler(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @EventHandler
    public void on(ResourceDataChanged event) {
        if (!CurrentUnitOfWork.isStarted()) {
            fanOut(event.resource(), List.of(event));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Map<String, List<ResourceDataChanged>> changes = batch.getOrComputeResource(BATCH, key -> {
            Map<String, List<ResourceDataChanged>> byResource = new LinkedHashMap<>();
            batch.onPrepareCommit(u -> byResource.forEach(this::fanOut));
            return byResource;
        });
        changes.computeIfAbsent(event.resource(), r -> new ArrayList<>()).add(event);
    }

    /** Sends the combined change to every live pipe of the resource at once and waits for all. */
    private void fanOut(String resource, List<ResourceDataChanged> changes) {
        ObjectNode combined = JsonNodeFactory.instance.objectNode();
        changes.forEach(change -> combined.setAll(change.data().deepCopy()));
        Actor actor = changes.get(changes.size() - 1).actor();
        PipeIds pipes = queries.query(new ListLivePipeIds(resource), ResponseTypes.instanceOf(PipeIds.class)).join();
        List<CompletableFuture<Object>> updates = new ArrayList<>(pipes.ids().size());
        for (String pipeId : pipes.ids()) {
            String pipeKey = PipeKeys.pipe(resource, pipeId);
            updates.add(update(pipeKey, combined, actor).exceptionallyCompose(e -> changes.size() == 1
                    ? refused(resource, pipeId, e)
                    : oneByOne(resource, pipeId, changes)));
        }
        CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<Object> update(String pipeKey, ObjectNode data, Actor actor) {
        return commands.send(new UpdatePipe(pipeKey, new End(null, null, null, data), null, actor));
    }

    private CompletableFuture<Object> oneByOne(String resource, String pipeId, List<ResourceDataChanged> changes) {
        CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
        for (ResourceDataChanged change : changes) {
            chain = chain.thenCompose(ignored -> update(PipeKeys.pipe(resource, pipeId), change.data(), change.actor())
                    .exceptionallyCompose(e -> refused(resource, pipeId, e)));
        }
        return chain;
    }

    /** A pipe whose schema refuses the new data keeps its old data; the others still change. */
    private static CompletableFuture<Object> refused(String resource, String pipeId, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        log.warn("platform change of {} not applied to pipe {}: {}", resource, pipeId, cause.getMessage());
        return CompletableFuture.completedFuture(null);
    }
}
