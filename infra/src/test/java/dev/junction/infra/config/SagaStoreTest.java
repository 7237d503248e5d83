package dev.junction.infra.config;

import dev.junction.infra.peer.JunctionTestBase;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.modelling.saga.repository.CachingSagaStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker on its embedded PostgreSQL is the only one that can handle its sagas, so it keeps them in
 * memory; the saga behaviour itself (retries, deletion notices, restarts) is tested through it by the
 * peer tests. A broker on a shared PostgreSQL gets the plain store ({@link AxonConfig#sagaStore}).
 */
class SagaStoreTest extends JunctionTestBase {

    @Autowired
    SagaStore<Object> sagaStore;

    @Autowired
    JunctionProperties properties;

    @Autowired
    ConnectionProvider connections;

    @Autowired
    Serializer serializer;

    @Test
    void aBrokerOnItsEmbeddedPostgresCachesItsSagas() {
        assertThat(properties.postgres().url()).isNull();
        assertThat(sagaStore).isInstanceOf(CachingSagaStore.class);
    }

    @Test
    void aBrokerOnASharedPostgresReadsTheStoreEveryTime() {
        JunctionProperties shared = new JunctionProperties(properties.dataDir(), properties.rootUrl(),
                properties.resources(), properties.templates(), properties.auth(),
                new JunctionProperties.Postgres("jdbc:postgresql://127.0.0.1:5432/junction", "junction", null, 0),
                properties.mongo(), properties.commands(), properties.oidc(), properties.peers(),
                properties.propagation());
        assertThat(new AxonConfig().sagaStore(connections, serializer, shared)).isInstanceOf(JdbcSagaStore.class);
    }
}
