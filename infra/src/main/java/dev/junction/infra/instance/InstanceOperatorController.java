package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.NotFoundException;
import dev.junction.infra.config.JunctionProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

/**
 * The operator's view of backends and instance tasks, under {@code /b/} (behind the broker's Basic
 * authentication): backends and their state, a backend's check run again, a task's log (followed while it
 * runs) and the files an instance's latest task left in {@code $OUTPUTS}.
 */
@RestController
public class InstanceOperatorController {

    private static final Duration FOLLOW_POLL = Duration.ofMillis(500);

    private final BackendRegistry backends;
    private final TaskLogs logs;
    private final InstanceStore store;
    private final Duration followMax;

    @Autowired
    public InstanceOperatorController(BackendRegistry backends, TaskStores stores, JunctionProperties properties) {
        // a task's three containers, each to its deadline, and a margin for the gaps between them
        this(backends, stores, properties.instances().setupTimeout().plus(properties.instances().operationTimeout())
                .plus(properties.instances().teardownTimeout()).plusMinutes(1));
    }

    InstanceOperatorController(BackendRegistry backends, TaskStores stores, Duration followMax) {
        this.backends = backends;
        this.logs = stores.logs();
        this.store = stores.instances();
        this.followMax = followMax;
    }

    @GetMapping(path = "/b/backends", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ArrayNode> backends() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        backends.statuses().forEach(s -> array.add(render(s)));
        return Mono.just(array);
    }

    @PostMapping(path = "/b/backends/{name}/check", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ObjectNode> check(@PathVariable String name) {
        if (backends.definition(name).isEmpty()) {
            return Mono.error(new NotFoundException("no backend " + name));
        }
        return Mono.fromCallable(() -> render(backends.check(name))).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping(path = "/b/instances/{id}/tasks/{task}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    public Flux<byte[]> log(@PathVariable String id, @PathVariable String task,
                            @RequestParam(name = "follow", required = false) String follow) {
        int number = taskNumber(task);
        if (follow != null && !follow.equals("true") && !follow.equals("false")) {
            return Flux.error(new InvalidInputException("follow", "must be true or false"));
        }
        if ("true".equals(follow)) {
            return logs.follow(id, number, FOLLOW_POLL, followMax);
        }
        return logs.read(id, number).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping(path = "/b/instances/{id}/files", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ObjectNode> files(@PathVariable String id) {
        return Mono.fromCallable(() -> store.latestFiles(id)
                        .orElseThrow(() -> new NotFoundException("instance " + id + " has no output files")))
                .map(latest -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode().put("task", latest.task());
                    latest.names().forEach(body.putArray("files")::add);
                    return body;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping(path = "/b/instances/{id}/files/{name}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public Mono<ResponseEntity<byte[]>> file(@PathVariable String id, @PathVariable String name) {
        return Mono.fromCallable(() -> store.file(id, name)
                        .orElseThrow(() -> new NotFoundException("instance " + id + " has no output file " + name)))
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(bytes))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** A task as the OSB operation names it ({@code task-3}) or by its number. */
    static int taskNumber(String task) {
        String digits = task.startsWith("task-") ? task.substring(5) : task;
        if (!digits.matches("[1-9][0-9]{0,8}")) {
            throw new InvalidInputException("task", "must be a task number (1 to 999999999) or task-<number>");
        }
        return Integer.parseInt(digits);
    }

    private static ObjectNode render(BackendRegistry.Status status) {
        ObjectNode node = JsonNodeFactory.instance.objectNode()
                .put("name", status.name())
                .put("image", status.image())
                .put("state", status.state().name())
                .put("message", status.message())
                .put("checked_at", status.checkedAt().toString());
        if (status.metadata() != null) {
            node.putObject("metadata")
                    .put("name", status.metadata().name())
                    .put("version", status.metadata().version())
                    .put("summary", status.metadata().summary());
        }
        return node;
    }
}
