package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.pipe.PeerDeliveryRequests.DeliverPipeEnd;
import dev.junction.api.pipe.PipeCommands.RecordPropagationResult;
import dev.junction.api.pipe.PipeView;
import dev.junction.infra.oidc.TokenIssuer;
import dev.junction.infra.outbound.PeerUrlPolicy;
import dev.junction.query.pipe.PipeViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers a pipe's {@code this} end to the peer named by its {@code other.uri}:
 * {@code PATCH other.uri} with {@code {"other":{"data":…}}} and a Bearer token of this broker, 202
 * expected. The call is non-blocking; its outcome comes back as a {@link RecordPropagationResult}
 * command, which the pipe records as an event for the propagation saga.
 *
 * <p>One delivery per pipe is on its way at a time. A request that comes in meanwhile waits, and of
 * those waiting only the newest is made, with the end as it is then: a busy pipe sends its peer the
 * newest version once instead of every version in a race (each costs an RSA signature here and a
 * token check and a commit at the peer). The saga only waits for a result of its newest request, so
 * a superseded request needs none.
 */
public class PeerDelivery {

    private static final Logger log = LoggerFactory.getLogger(PeerDelivery.class);

    /** Pipes with a delivery on its way: when it started, and the newest request waiting behind it. */
    private final Map<String, InFlight> inFlight = new HashMap<>(); // guarded by itself

    private static final class InFlight {
        final long since = System.nanoTime();
        DeliverPipeEnd waiting;
    }

    private final PipeViews views;
    private final TokenIssuer tokens;
    private final PeerUrlPolicy urls;
    private final WebClient http;
    private final CommandGateway commands;
    private final MeterRegistry meters;
    private final Duration viewWait;
    /** A delivery not finished after this long no longer holds back its pipe's next one. */
    private final Duration stuckAfter;

    public PeerDelivery(PipeViews views, TokenIssuer tokens, PeerUrlPolicy urls, WebClient http,
                        CommandGateway commands, MeterRegistry meters, Duration viewWait, Duration stuckAfter) {
        this.viewWait = viewWait;
        this.stuckAfter = stuckAfter;
        this.views = views;
        this.tokens = tokens;
        this.urls = urls;
        this.http = http;
        this.commands = commands;
        this.meters = meters;
    }

    @CommandHandler
    public void handle(DeliverPipeEnd command) {
        InFlight mine = begin(command);
        if (mine == null) {
            return; // waits behind the delivery on its way
        }
        boolean calling = false;
        try {
            calling = deliver(command, mine);
        } finally {
            if (!calling) {
                finish(command.pipeKey(), mine);
            }
        }
    }

    /** The pipe's delivery now on its way, when the pipe had none; otherwise null: it waits, if newest. */
    private InFlight begin(DeliverPipeEnd command) {
        synchronized (inFlight) {
            InFlight current = inFlight.get(command.pipeKey());
            if (current != null && System.nanoTime() - current.since < stuckAfter.toNanos()) {
                if (current.waiting != null) {
                    meters.counter("junction.propagation.superseded").increment();
                }
                current.waiting = current.waiting == null ? command : newer(current.waiting, command);
                return null;
            }
            if (current != null) {
                log.warn("delivery of {} has not finished after {}; sending the next one anyway", command.pipeKey(),
                        stuckAfter);
            }
            InFlight started = new InFlight();
            if (current != null) {
                started.waiting = current.waiting; // the stuck one's waiting request goes after this one
            }
            inFlight.put(command.pipeKey(), started);
            return started;
        }
    }

    /**
     * The delivery {@code done} of the pipe is over: the newest request waiting behind it goes now. A
     * delivery that was given up as stuck finds another one in its place, and leaves it alone.
     */
    private void finish(String pipeKey, InFlight done) {
        DeliverPipeEnd next;
        synchronized (inFlight) {
            if (!inFlight.remove(pipeKey, done)) {
                return;
            }
            next = done.waiting;
        }
        if (next != null) {
            commands.send(next); // on a command thread: this may be the HTTP client's event loop
        }
    }

    /** Of two requests for one pipe, the one the saga made later: a newer version, a deletion, a later attempt. */
    static DeliverPipeEnd newer(DeliverPipeEnd a, DeliverPipeEnd b) {
        if (a.version() != b.version()) {
            return a.version() > b.version() ? a : b;
        }
        if (a.deletion() != b.deletion()) {
            return a.deletion() ? a : b;
        }
        return a.attempt() >= b.attempt() ? a : b;
    }

    /** Makes the call; true when it is on its way (and {@link #finish} will follow its outcome). */
    private boolean deliver(DeliverPipeEnd command, InFlight mine) {
        Optional<PipeView> found = awaitView(command);
        if (found.isEmpty()) {
            report(command, command.version(), false, null, "pipe view not found");
            return false;
        }
        PipeView view = found.get();
        String target = view.otherEnd().uri();
        URI uri;
        try {
            uri = urls.check(target);
        } catch (IllegalArgumentException e) {
            report(command, command.version(), false, target, "not called: " + e.getMessage());
            return false;
        }
        if (!command.deletion() && command.version() == DeliverPipeEnd.CURRENT_VERSION && !view.thisEnd().hasData()) {
            return false; // "whatever this end holds now", and it holds nothing: the peer has nothing to learn yet
        }
        long version = command.deletion() ? command.version() : Math.max(view.thisVersion(), command.version());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("other").set("data", command.deletion() || view.thisEnd().data() == null
                ? JsonNodeFactory.instance.objectNode() : view.thisEnd().data());
        String token = tokens.mint(target, view.thisEnd().uri(), version, command.deletion());
        Timer.Sample sample = Timer.start(meters);
        http.patch().uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(text -> new Outcome(response.statusCode().value(), text)))
                .subscribe(outcome -> {
                    boolean delivered = outcome.status() == 202 || outcome.status() == 200
                            || outcome.status() == 204;
                    sample.stop(meters.timer("junction.propagation.delivery", "outcome",
                            delivered ? "delivered" : "refused"));
                    try {
                        report(command, delivered ? version : command.version(), delivered, target,
                                delivered ? null : "peer answered " + outcome.status() + ": " + abbreviate(outcome.body()));
                    } finally {
                        finish(command.pipeKey(), mine);
                    }
                }, error -> {
                    sample.stop(meters.timer("junction.propagation.delivery", "outcome", "unreachable"));
                    try {
                        report(command, command.version(), false, target, "peer unreachable: " + error);
                    } finally {
                        finish(command.pipeKey(), mine);
                    }
                });
        return true;
    }

    private record Outcome(int status, String body) {
    }

    /**
     * The saga may hear of an event a moment before the projection has written it (both follow the
     * same commit): wait briefly for the view to show the version to deliver.
     */
    private Optional<PipeView> awaitView(DeliverPipeEnd command) {
        return views.await(command.pipeKey(), view -> command.deletion() ? view.deleted()
                : !view.deleted() && view.thisVersion() >= command.version() && view.otherEnd().uri() != null,
                viewWait);
    }

    private void report(DeliverPipeEnd command, long version, boolean delivered, String rawTarget, String reason) {
        String target = PeerUrlPolicy.redact(rawTarget);
        if (!delivered) {
            log.warn("propagation of {} (version {}{}) attempt {} to {} failed: {}", command.pipeKey(),
                    command.version(), command.deletion() ? ", deletion notice" : "", command.attempt(), target,
                    reason);
        }
        commands.send(new RecordPropagationResult(command.pipeKey(), version, command.deletion(), command.attempt(),
                delivered, target, reason));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
