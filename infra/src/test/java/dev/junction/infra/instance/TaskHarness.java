package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.instance.InstanceStreams;
import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceEvents.InstanceEvent;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.api.instance.Step;
import dev.junction.api.instance.TaskRequests.RunStep;
import dev.junction.command.schema.SchemaLimits;
import dev.junction.command.schema.SchemaValidator;
import dev.junction.infra.config.InstanceSettings;
import dev.junction.infra.container.ContainerSpec;
import dev.junction.infra.container.ContractMetadataReader;
import dev.junction.infra.container.DockerContainerRuntime;
import dev.junction.infra.container.TestImages;
import dev.junction.infra.crypto.MasterKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task adapter on a real engine and a real PostgreSQL: the runner is driven directly, its reports
 * captured from a real command bus (the capture also appends the step events, as the aggregate would),
 * and each test writes the instance events it needs into an in-memory event store.
 */
final class TaskHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVICE = "svc";
    static final Actor ACTOR = Actor.user("tester");

    final EmbeddedPostgres postgres;
    final JdbcTemplate jdbc;
    final MasterKey master;
    final DockerContainerRuntime runtime;
    final EmbeddedEventStore events;
    final InstanceSettings settings;
    final Path workDir;
    final TaskStores stores;
    final StepSpecs specs;
    final BackendRegistry backends;
    final TaskRunner runner;
    final BlockingQueue<RecordStep> reports = new LinkedBlockingQueue<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Map<String, ServiceCatalog.Plan> plans = new ConcurrentHashMap<>();

    TaskHarness(Duration operationTimeout, List<BackendDefinition> backendList) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load()
                .migrate();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        master = MasterKey.load(Base64.getEncoder().encodeToString(raw), null);
        runtime = new DockerContainerRuntime(null, 64 * 1024);
        events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        workDir = Files.createTempDirectory("junction-tasks");
        Path kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        settings = new InstanceSettings(null, Duration.ofSeconds(30), Duration.ofSeconds(30), operationTimeout,
                Duration.ofSeconds(30), DataSize.ofMegabytes(64), 64, DataSize.ofKilobytes(64),
                DataSize.ofKilobytes(64), 4, null, null, null, kubeconfig,
                Map.of("BOSH_ENVIRONMENT", "https://127.0.0.1:1"));
        InstanceKeys keys = new InstanceKeys(jdbc, master);
        TaskRuns runs = new TaskRuns(jdbc, "test-runner");
        stores = new TaskStores(keys, new InstanceStore(jdbc, keys), new TaskSetups(jdbc, master), runs,
                new TaskLogs(jdbc, runs, settings.outputCap().toBytes()));
        specs = new StepSpecs(settings, runtime.host());
        SchemaValidator validator = new SchemaValidator(new SchemaLimits(1000, 32, 10_000, 1 << 20));
        backends = new BackendRegistry(backendList, new ContractMetadataReader(runtime, Duration.ofSeconds(30)), runtime, validator,
                new BackendConfigs(jdbc, master), specs, workDir);
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(RecordStep.class.getName(), message -> {
            RecordStep report = (RecordStep) message.getPayload();
            append(report.instanceId(), report.outcome().succeeded()
                    ? new StepSucceeded(report.instanceId(), report.task(), report.step(), report.attempt(),
                    report.outcome().exitCode(), Instant.now())
                    : new StepFailed(report.instanceId(), report.task(), report.step(), report.attempt(),
                    report.outcome().exitCode(), report.outcome().reason(), Instant.now()));
            reports.add(report);
            return GenericCommandResultMessage.asCommandResultMessage(null);
        });
        ServiceCatalog catalog = () -> List.copyOf(plans.values());
        runner = new TaskRunner(runtime, events, DefaultCommandGateway.builder().commandBus(bus).build(), catalog,
                backends, specs, stores, settings, workDir);
    }

    /** A backend image as the catalog declares it, with a region in its configuration. */
    static BackendDefinition backend(String name, String image, String region) {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("region", region);
        return new BackendDefinition(name, TestImages.ensure(image), config, ContainerSpec.Network.NONE);
    }

    void plan(String planId, String stencil, String backend, String infrastructure) {
        plans.put(planId, new ServiceCatalog.Plan(SERVICE, "service", planId, planId, "a test plan",
                TestImages.ensure(stencil), backend, infrastructure, JsonNodeFactory.instance.objectNode(),
                List.of(), JsonNodeFactory.instance.objectNode(), 0, true, true));
    }

    void append(String instanceId, InstanceEvent event) {
        long seq = sequences.computeIfAbsent(instanceId, id -> new AtomicLong()).getAndIncrement();
        events.publish(new GenericDomainEventMessage<>("ServiceInstance", InstanceStreams.of(instanceId), seq, event));
    }

    static ObjectNode inputs(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    /** Asks for the step and waits for its report. */
    RecordStep run(String instanceId, int task, Step step, int attempt) throws InterruptedException {
        runner.handle(new RunStep(instanceId, task, step, attempt));
        return next(Duration.ofSeconds(90));
    }

    RecordStep next(Duration wait) throws InterruptedException {
        RecordStep report = reports.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (report == null) {
            throw new AssertionError("no step was reported within " + wait);
        }
        return report;
    }

    /** The task's log as text. */
    String log(String instanceId, int task) {
        StringBuilder text = new StringBuilder();
        stores.logs().read(instanceId, task).toIterable()
                .forEach(chunk -> text.append(new String(chunk, StandardCharsets.UTF_8)));
        return text.toString();
    }

    @Override
    public void close() throws Exception {
        runner.close();
        runtime.close();
        postgres.close();
        DirArchive.delete(workDir);
    }
}
