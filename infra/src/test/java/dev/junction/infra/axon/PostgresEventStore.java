package dev.junction.infra.axon;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;

/** A real PostgreSQL with Junction's event store schema, and Axon's JDBC engine on it, for the storage tests. */
final class PostgresEventStore implements AutoCloseable {

    static final JacksonSerializer SERIALIZER = JacksonSerializer.defaultSerializer();

    final EmbeddedPostgres postgres;
    final DataSource dataSource;
    final JdbcEventStorageEngine jdbc;

    PostgresEventStore() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        PersistenceExceptionResolver duplicateKey = e -> e instanceof SQLException sql && "23505".equals(sql.getSQLState());
        jdbc = JdbcEventStorageEngine.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource)))
                .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(dataSource)))
                .persistenceExceptionResolver(duplicateKey)
                .eventSerializer(SERIALIZER)
                .snapshotSerializer(SERIALIZER)
                .build();
    }

    static DomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Test", aggregate, sequence, aggregate + "#" + sequence);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
