package dev.junction.infra;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command's handler (which validates ends against their schemas) runs without a database connection:
 * the aggregate is read and its events appended each on a connection of their own, so a slow command
 * never starves others of the pool.
 */
class CommandConnectionApiTest extends ApiTestSupport {

    @Autowired
    CommandBus commandBus;
    @Autowired
    Cache aggregateCache;

    private final List<String> held = new CopyOnWriteArrayList<>();
    private Registration probe;

    @BeforeEach
    void probeEveryCommand() {
        MessageHandlerInterceptor<CommandMessage<?>> interceptor = (unitOfWork, chain) -> {
            Object result = chain.proceed(); // the aggregate was loaded and its handler has run
            if (threadHoldsConnection()) {
                held.add(unitOfWork.getMessage().getPayloadType().getSimpleName());
            }
            return result;
        };
        probe = commandBus.registerHandlerInterceptor(interceptor);
    }

    @AfterEach
    void removeProbe() {
        probe.cancel();
    }

    @Test
    void creatingAndUpdatingAPipeHoldsNoConnectionWhileHandling() {
        String id = newId("conn");
        createPipe("db", id, "{\"host\":\"a\"}");
        aggregateCache.removeAll(); // the update must load the pipe from the event store
        assertThat(patch("/db/pipes/" + id, "{\"this\":{\"data\":{\"host\":\"b\"}}}").status()).isEqualTo(202);
        assertThat(pipe("db", id).at("/this/data/host").asText()).isEqualTo("b");
        assertThat(delete("/db/pipes/" + id).status()).isEqualTo(204);

        assertThat(held).as("commands whose handler ran holding a database connection").isEmpty();
    }

    private static boolean threadHoldsConnection() {
        boolean boundBySpring = TransactionSynchronizationManager.getResourceMap().values().stream()
                .anyMatch(ConnectionHolder.class::isInstance);
        boolean pinnedToUnitOfWork = CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root()
                .resources().values().stream().anyMatch(Connection.class::isInstance);
        return boundBySpring || pinnedToUnitOfWork;
    }
}
