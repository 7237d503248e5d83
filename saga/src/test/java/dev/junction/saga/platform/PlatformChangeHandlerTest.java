package dev.junction.saga.platform;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;
import dev.junction.api.resource.ResourceQueries.ListLivePipeIds;
import dev.junction.api.resource.ResourceQueries.PipeIds;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out of platform changes on Axon's own buses: the pipes' side is a command handler that
 * records what it is sent and, for the pipe {@code strict}, refuses data with a key {@code BAD} (as a
 * pipe schema would).
 */
class PlatformChangeHandlerTest {

    private static final Actor USER = Actor.user("foo");

    private final List<UpdatePipe> applied = new CopyOnWriteArrayList<>();
    private PlatformChangeHandler handler;

    @BeforeEach
    void setUp() {
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        commandBus.subscribe(UpdatePipe.class.getName(), message -> {
            UpdatePipe update = (UpdatePipe) message.getPayload();
            if (update.pipeKey().endsWith("/strict") && update.thisEnd().data().has("BAD")) {
                throw new IllegalArgumentException("this.data.BAD: not allowed by the pipe's schema");
            }
            applied.add(update);
            return null;
        });
        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        queryBus.subscribe(ListLivePipeIds.class.getName(), PipeIds.class,
                message -> new PipeIds(List.of("a", "strict")));
        handler = new PlatformChangeHandler(DefaultCommandGateway.builder().commandBus(commandBus).build(),
                DefaultQueryGateway.builder().queryBus(queryBus).build());
    }

    private static ResourceDataChanged changed(String json) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (String pair : json.split(",")) {
            String[] kv = pair.split("=");
            data.put(kv[0], kv[1]);
        }
        return new ResourceDataChanged("db", data, data, USER, Instant.now());
    }

    private List<String> dataOf(String pipeKey) {
        return applied.stream().filter(u -> u.pipeKey().equals(pipeKey)).map(u -> u.thisEnd().data().toString())
                .toList();
    }

    @Test
    void theChangesOfOneBatchReachEachPipeAsOneCombinedUpdate() {
        DefaultUnitOfWork.startAndGet(null).execute(() -> {
            handler.on(changed("A=1"));
            handler.on(changed("B=2"));
            handler.on(changed("A=3"));
            assertThat(applied).as("nothing is sent before the batch commits").isEmpty();
        });

        assertThat(dataOf("db/a")).containsExactly("{\"A\":\"3\",\"B\":\"2\"}");
        assertThat(dataOf("db/strict")).containsExactly("{\"A\":\"3\",\"B\":\"2\"}");
    }

    @Test
    void aPipeThatRefusesTheCombinedChangeGetsTheChangesOneByOne() {
        DefaultUnitOfWork.startAndGet(null).execute(() -> {
            handler.on(changed("A=1"));
            handler.on(changed("BAD=x"));
            handler.on(changed("C=3"));
        });

        assertThat(dataOf("db/a")).containsExactly("{\"A\":\"1\",\"BAD\":\"x\",\"C\":\"3\"}");
        assertThat(dataOf("db/strict")).containsExactly("{\"A\":\"1\"}", "{\"C\":\"3\"}");
    }

    @Test
    void outsideABatchAChangeIsSentAtOnce() {
        handler.on(changed("A=1"));

        assertThat(dataOf("db/a")).containsExactly("{\"A\":\"1\"}");
    }
}
