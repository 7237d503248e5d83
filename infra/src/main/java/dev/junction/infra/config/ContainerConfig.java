package dev.junction.infra.config;

import dev.junction.api.instance.ServiceCatalog;
import dev.junction.command.schema.SchemaValidator;
import dev.junction.infra.container.ContractMetadataReader;
import dev.junction.infra.container.DockerContainerRuntime;
import dev.junction.infra.container.ImageMetadataSource;
import dev.junction.infra.crypto.MasterKey;
import dev.junction.infra.instance.BackendConfigs;
import dev.junction.infra.instance.BackendDefinition;
import dev.junction.infra.instance.BackendRegistry;
import dev.junction.infra.instance.InstanceKeys;
import dev.junction.infra.instance.InstanceSecretsPurge;
import dev.junction.infra.instance.InstanceStore;
import dev.junction.infra.instance.RegisteredBackends;
import dev.junction.infra.instance.StepSpecs;
import dev.junction.infra.instance.TaskLogs;
import dev.junction.infra.instance.TaskRunner;
import dev.junction.infra.instance.TaskRuns;
import dev.junction.infra.instance.TaskSetups;
import dev.junction.infra.instance.TaskStores;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The container engine and the task adapter of service instances: the runtime, the image metadata
 * reader, the stores, the backends and the runner of task steps. The catalog ({@link ServiceCatalog}
 * and the {@code List<BackendDefinition>} it declares) comes from the catalog's own wiring; without it
 * there are no plans and no backends, and every step fails naming its missing plan.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerConfig {

    @Bean(destroyMethod = "close")
    DockerContainerRuntime containerRuntime(JunctionProperties properties) {
        return new DockerContainerRuntime(null, properties.instances().outputCap().toBytes());
    }

    @Bean
    ImageMetadataSource imageMetadataSource(DockerContainerRuntime runtime, JunctionProperties properties) {
        return new ContractMetadataReader(runtime, properties.instances().metadataTimeout());
    }

    @Bean
    StepSpecs stepSpecs(JunctionProperties properties, DockerContainerRuntime runtime) {
        return new StepSpecs(properties.instances(), runtime.host());
    }

    /** Also the {@code InstanceSecrets} port: opens bind credentials sealed under an instance's key. */
    @Bean
    InstanceKeys instanceKeys(JdbcTemplate jdbc, MasterKey masterKey) {
        return new InstanceKeys(jdbc, masterKey);
    }

    @Bean
    TaskStores taskStores(JdbcTemplate jdbc, InstanceKeys keys, MasterKey masterKey, JunctionProperties properties) {
        TaskRuns runs = new TaskRuns(jdbc, runnerName(properties));
        return new TaskStores(keys, new InstanceStore(jdbc, keys), new TaskSetups(jdbc, masterKey), runs,
                new TaskLogs(jdbc, runs, properties.instances().outputCap().toBytes()));
    }

    @Bean(destroyMethod = "close")
    BackendRegistry backendRegistry(ObjectProvider<List<BackendDefinition>> backends, ImageMetadataSource metadata,
                                    DockerContainerRuntime runtime, SchemaValidator validator, JdbcTemplate jdbc,
                                    MasterKey masterKey, StepSpecs specs, JunctionProperties properties)
            throws IOException {
        return new BackendRegistry(backends.getIfAvailable(List::of), metadata, runtime, validator, new BackendConfigs(jdbc, masterKey), specs,
                workDir(properties));
    }

    /** The backends operators registered through the API, streamed into the registry (and read whole at start). */
    @Bean
    RegisteredBackends registeredBackends(BackendRegistry registry) {
        return new RegisteredBackends(registry);
    }

    /** Before the registry configures its backends (when the broker is ready): the registered ones are known. */
    @Bean
    ApplicationListener<ApplicationStartedEvent> registeredBackendsRead(RegisteredBackends registered, JdbcTemplate jdbc,
                                                                       EventStore eventStore) {
        return started -> registered.readAll(jdbc, eventStore);
    }

    @Bean(destroyMethod = "close")
    TaskRunner taskRunner(DockerContainerRuntime runtime, EventStore eventStore, CommandGateway commands,
                          ObjectProvider<ServiceCatalog> catalog, BackendRegistry backends, StepSpecs specs, TaskStores stores,
                          JunctionProperties properties) throws IOException {
        return new TaskRunner(runtime, eventStore, commands, catalog.getIfAvailable(() -> List::of), backends, specs, stores, properties.instances(),
                workDir(properties));
    }

    @Bean
    InstanceSecretsPurge instanceSecretsPurge(TaskStores stores) {
        return new InstanceSecretsPurge(stores.instances());
    }

    /** This broker among those sharing the database: its host and data directory, which a restart keeps. */
    static String runnerName(JunctionProperties properties) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + properties.dataDir().toAbsolutePath().normalize();
    }

    /**
     * Where containers' directories lie on the host, private to the broker (credential stores are
     * restored there while a stencil runs).
     */
    static Path workDir(JunctionProperties properties) throws IOException {
        Path dir = properties.dataDir().resolve("containers").toAbsolutePath();
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own permissions have to do
        }
        return dir;
    }
}
