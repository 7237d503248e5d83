package dev.junction.infra.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.junction.api.Actor;
import dev.junction.api.SecretCodec;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.input.InputLimits;
import dev.junction.api.instance.InstanceEvents.InstanceEvent;
import dev.junction.api.instance.InstanceSecrets;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.command.osb.OsbCommandController;
import dev.junction.query.instance.InstanceViewProjection;
import dev.junction.query.instance.InstanceViewStore;
import dev.junction.query.operator.OperatorQueryController;
import dev.junction.query.osb.OsbQueryController;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The OSB and operator routes bound to their controllers, with {@link OsbErrors}, {@link ErrorResponses} and
 * {@link OsbVersionFilter}: the instance views are the real projection and store over a MongoDB-wire server
 * on loopback; the command bus answers each instance command as the test scripts it (the aggregate is tested
 * on its own) and keeps what it was sent.
 */
final class OsbRouteFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVICE = "svc-db";
    static final String PLAN = "small";
    static final String OTHER_PLAN = "large";
    static final String PLAIN_SECRET = "s3cr3t-plain-password";

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;
    final MongoDatabase database;
    final InstanceViewStore store;
    final InstanceViewProjection projection;
    final List<Object> sent = new ArrayList<>();
    final Map<Class<?>, Function<Object, Object>> script = new ConcurrentHashMap<>();
    final List<String> opened = new ArrayList<>();
    final WebTestClient web;
    private long sequence;

    OsbRouteFixture() {
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        database = client.getDatabase("osb_routes");
        store = new InstanceViewStore(database, SecretCodec.NONE);
        projection = new InstanceViewProjection(store);
        BoundedJson json = new BoundedJson(new InputLimits(4096, 4096, 1 << 20, 32, 10_000, 100));
        ServiceCatalog catalog = OsbRouteFixture::plans;
        InstanceSecrets secrets = (instanceId, sealed) -> {
            opened.add(instanceId);
            return Optional.of(open(sealed));
        };
        WebFilter authenticated = (exchange, chain) -> {
            exchange.getAttributes().put(Actor.EXCHANGE_ATTRIBUTE, Actor.user("cf-platform"));
            return chain.filter(exchange);
        };
        web = WebTestClient.bindToController(new OsbCommandController(gateway(), catalog, json, secrets),
                        new OsbQueryController(store, catalog, secrets), new OperatorQueryController(store, catalog))
                .controllerAdvice(new OsbErrors(), new ErrorResponses())
                .webFilter(authenticated, new OsbVersionFilter())
                .build();
    }

    private CommandGateway gateway() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        for (Class<?> type : List.of(dev.junction.api.instance.InstanceCommands.ProvisionInstance.class,
                dev.junction.api.instance.InstanceCommands.UpdateInstance.class,
                dev.junction.api.instance.InstanceCommands.DeprovisionInstance.class,
                dev.junction.api.instance.InstanceCommands.BindInstance.class,
                dev.junction.api.instance.InstanceCommands.UnbindInstance.class)) {
            bus.subscribe(type.getName(), message -> {
                Object command = message.getPayload();
                synchronized (sent) {
                    sent.add(command);
                }
                return script.getOrDefault(type, c -> {
                    throw new IllegalStateException("no answer scripted for " + type.getSimpleName());
                }).apply(command);
            });
        }
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }

    static List<ServiceCatalog.Plan> plans() {
        ObjectNode schema = (ObjectNode) read("""
                {"type":"object","properties":{"size":{"type":"string"},"region":{"type":"string"},
                 "admin":{"type":"string"}},"required":["size","region"]}""");
        ObjectNode operatorInputs = (ObjectNode) read("{\"region\":\"eu\",\"admin\":\"ops\"}");
        return List.of(
                new ServiceCatalog.Plan(SERVICE, "database", PLAN, "small", "A small database", "stencil:1",
                        "docker", "local", operatorInputs, List.of("admin"), schema, 5, true, true),
                new ServiceCatalog.Plan(SERVICE, "database", OTHER_PLAN, "large", "", "stencil:1", "docker",
                        "local", operatorInputs, List.of("admin"), schema, 0, true, true));
    }

    /** Hands the events to the projection, one after the other, as the after-commit processor would. */
    void commit(List<InstanceEvent> events) {
        events.forEach(e -> projection.on(e, sequence++));
    }

    static String seal(String plain) {
        return "sealed:" + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static String open(String sealed) {
        return new String(Base64.getDecoder().decode(sealed.substring("sealed:".length())), StandardCharsets.UTF_8);
    }

    static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String identity(String platform, String json) {
        return platform + " " + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
