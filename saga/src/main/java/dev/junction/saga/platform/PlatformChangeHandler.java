package dev.junction.saga.platform;

import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.api.resource.ResourceMessages.ListLivePipeIds;
import dev.junction.api.resource.ResourceMessages.PipeIds;
import dev.junction.api.resource.ResourceMessages.ResourceDataChanged;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Carries a change of a resource's data into {@code this.data} of each of its live pipes. It runs in
 * a streaming processor with a persistent token, so a restart in the middle resumes the fan-out; the
 * merge is idempotent, so pipes already updated are not changed again.
 */
@ProcessingGroup(PlatformChangeHandler.PROCESSING_GROUP)
public class PlatformChangeHandler {

    public static final String PROCESSING_GROUP = "platform-changes";

    private static final Logger log = LoggerFactory.getLogger(PlatformChangeHandler.class);

    private final CommandGateway commands;
    private final QueryGateway queries;

    public PlatformChangeHandler(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /**
     * Sends the update to every pipe at once and returns when all have answered, so the event counts as
     * handled only when every pipe has it (the token moves on after that).
     */
    @EventHandler
    public void on(ResourceDataChanged event) {
        PipeIds pipes = queries.query(new ListLivePipeIds(event.resource()), ResponseTypes.instanceOf(PipeIds.class))
                .join();
        List<CompletableFuture<Object>> updates = new ArrayList<>(pipes.ids().size());
        for (String pipeId : pipes.ids()) {
            updates.add(commands.send(new UpdatePipe(PipeKeys.pipe(event.resource(), pipeId),
                    new End(null, null, null, event.data()), null, event.actor())).exceptionally(e -> {
                        // a pipe whose schema refuses the new data keeps its old data; the others still change
                        log.warn("platform change of {} not applied to pipe {}: {}", event.resource(), pipeId,
                                (e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                        ? e.getCause() : e).getMessage());
                        return null;
                    }));
        }
        CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new)).join();
    }
}
