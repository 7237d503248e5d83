package dev.junction.saga.propagation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PeerDeliveryRequests.DeliverPipeEnd;
import dev.junction.api.pipe.PipeCommands.GiveUpPropagation;
import dev.junction.api.pipe.PipeEvents;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.PropagationAttemptFailed;
import dev.junction.api.pipe.PipeEvents.PropagationFailed;
import dev.junction.api.pipe.PipeEvents.PropagationRetryRequested;
import dev.junction.api.pipe.PipeEvents.PropagationSucceeded;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PeerPropagationSagaTest {

    private static final String KEY = "backend/frontend";
    private static final Actor USER = Actor.user("foo");
    private static final Actor BROKER = Actor.system("propagation");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final PropagationPolicy POLICY = new PropagationPolicy(Duration.ofSeconds(1), 2.0,
            Duration.ofSeconds(4), 4);

    private SagaTestFixture<PeerPropagationSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PeerPropagationSaga.class);
        fixture.registerResource(POLICY);
    }

    private static ObjectNode data(String uri) {
        return JsonNodeFactory.instance.objectNode().put("URI", uri);
    }

    private static PipeCreated created(String otherUri, ObjectNode data) {
        return new PipeCreated(KEY, "backend", "frontend",
                new End("http://p/backend/pipes/frontend", "http://p", null, data),
                new End(otherUri, otherUri == null ? null : "http://c", null, null), null, USER, T);
    }

    private static ThisEndUpdated updated(long version, String uri) {
        return new ThisEndUpdated(KEY, new End("http://p/backend/pipes/frontend", "http://p", null, data(uri)),
                version, USER, T);
    }

    private static PropagationAttemptFailed failed(long version, int attempt) {
        return new PropagationAttemptFailed(KEY, version, false, attempt, "peer answered 503", BROKER, T);
    }

    @Test
    void creationWithOtherUriAndDataIsDelivered() {
        fixture.givenNoPriorActivity()
                .whenAggregate(KEY).publishes(created("http://c/frontend/pipes/backend", data("https://a")))
                .expectActiveSagas(1)
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, 1, false, 1));
    }

    @Test
    void nothingIsDeliveredWithoutOtherUriOrWithoutData() {
        fixture.givenNoPriorActivity()
                .whenAggregate(KEY).publishes(created(null, data("https://a")))
                .expectNoDispatchedCommands();
        fixture.givenNoPriorActivity()
                .whenAggregate(KEY).publishes(created("http://c/frontend/pipes/backend", null))
                .expectNoDispatchedCommands();
    }

    @Test
    void aChangeOfThisEndDeliversItsVersion() {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        new PropagationSucceeded(KEY, 1, false, "http://c/frontend/pipes/backend", BROKER, T))
                .whenAggregate(KEY).publishes(updated(2, "https://b"))
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, 2, false, 1));
    }

    @Test
    void aPipeWithoutPeerHasNoSaga() {
        fixture.givenNoPriorActivity()
                .whenAggregate(KEY).publishes(created(null, data("https://a")))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
        fixture.givenAggregate(KEY).published(created(null, data("https://a")))
                .whenAggregate(KEY).publishes(updated(2, "https://b"))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @Test
    void settingTheOtherUriLaterStartsASagaThatDeliversTheCurrentEnd() {
        fixture.givenAggregate(KEY).published(created(null, data("https://a")), updated(2, "https://b"))
                .whenAggregate(KEY).publishes(new OtherEndUpdated(KEY,
                        new End("http://c/frontend/pipes/backend", "http://c", null, null), null, USER, T))
                .expectActiveSagas(1)
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, DeliverPipeEnd.CURRENT_VERSION, false, 1));
    }

    @Test
    void aPeerSetAgainAfterThePipeHadNoneGetsTheCurrentEnd() {
        // while the pipe had no peer its changes passed the saga by (PipeEvents.PEER), so the saga's
        // version of this end is stale: it asks for whatever the end holds now
        End none = new End(null, null, null, null);
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        new PropagationSucceeded(KEY, 1, false, "http://c/frontend/pipes/backend", BROKER, T),
                        new OtherEndUpdated(KEY, none, null, USER, T))
                .whenAggregate(KEY).publishes(new OtherEndUpdated(KEY,
                        new End("http://d/frontend/pipes/backend", "http://d", null, null), null, USER, T))
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, DeliverPipeEnd.CURRENT_VERSION, false, 1));
    }

    @Test
    void otherEndDataWithoutUriStartsNoSaga() {
        fixture.givenAggregate(KEY).published(created(null, data("https://a")))
                .whenAggregate(KEY).publishes(new OtherEndUpdated(KEY,
                        new End(null, null, null, data("https://x")), null, USER, T))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @Test
    void aMovedOtherUriGetsTheKnownVersion() {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        new PropagationSucceeded(KEY, 1, false, "http://c/frontend/pipes/backend", BROKER, T),
                        updated(2, "https://b"),
                        new PropagationSucceeded(KEY, 2, false, "http://c/frontend/pipes/backend", BROKER, T))
                .whenAggregate(KEY).publishes(new OtherEndUpdated(KEY,
                        new End("http://d/frontend/pipes/backend", "http://d", null, null), null, USER, T))
                .expectActiveSagas(1)
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, 2, false, 1));
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheBackOffOnAPersistentDeadline() {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        failed(1, 1))
                .whenTimeElapses(Duration.ofMillis(999))
                .expectNoDispatchedCommands();
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        failed(1, 1))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectTriggeredDeadlinesWithName(PeerPropagationSaga.RETRY_DEADLINE)
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, 1, false, 2));
    }

    @Test
    void theBackOffDoublesUpToItsCap() throws Exception {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        failed(1, 1))
                .andThenTimeElapses(Duration.ofSeconds(1))
                .andThenAggregate(KEY).published(failed(1, 2))
                .whenTimeElapses(Duration.ofMillis(1999))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofMillis(1), PeerPropagationSaga.RETRY_DEADLINE);
        assertThat(POLICY.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(POLICY.delayAfter(9)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void afterTheLastAttemptTheSagaGivesUp() throws Exception {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        failed(1, 1))
                .andThenTimeElapses(Duration.ofSeconds(1))
                .andThenAggregate(KEY).published(failed(1, 2))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .andThenAggregate(KEY).published(failed(1, 3))
                .andThenTimeElapses(Duration.ofSeconds(4))
                .whenAggregate(KEY).publishes(failed(1, 4))
                .expectDispatchedCommands(new GiveUpPropagation(KEY, 1, false, 4, "peer answered 503"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void anOperatorRetryStartsOverFromTheFirstAttempt() {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        new PropagationFailed(KEY, 1, false, 4, "peer answered 503", BROKER, T))
                .whenAggregate(KEY).publishes(new PropagationRetryRequested(KEY, USER, T))
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, 1, false, 1));
    }

    @Test
    void aNewerVersionSupersedesAPendingRetry() {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        failed(1, 1))
                .whenAggregate(KEY).publishes(updated(2, "https://b"))
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, 2, false, 1))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aReportAboutASupersededVersionIsIgnored() {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        updated(2, "https://b"))
                .whenAggregate(KEY).publishes(failed(1, 1))
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void deletingAPipeTellsThePeerAndEndsOnceDelivered() {
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        new PropagationSucceeded(KEY, 1, false, "http://c", BROKER, T))
                .whenAggregate(KEY).publishes(new PipeDeleted(KEY, null, USER, T))
                .expectDispatchedCommands(new DeliverPipeEnd(KEY, 1, true, 1))
                .expectActiveSagas(1);
        fixture.givenAggregate(KEY).published(created("http://c/frontend/pipes/backend", data("https://a")),
                        new PipeDeleted(KEY, null, USER, T))
                .whenAggregate(KEY).publishes(new PropagationSucceeded(KEY, 1, true, "http://c", BROKER, T))
                .expectActiveSagas(0);
    }

    @Test
    void deletingAPipeWithoutPeerEndsTheSaga() {
        fixture.givenAggregate(KEY).published(created(null, data("https://a")))
                .whenAggregate(KEY).publishes(new PipeDeleted(KEY, null, USER, T))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void passesOverTheEventsOfAPipeWithoutPeerOnly() {
        ThisEndUpdated event = updated(2, "postgres://a");
        assertThat(PeerPropagationSaga.mayConcern(new GenericEventMessage<>(event, MetaData.with(PipeEvents.PEER, false))))
                .isFalse();
        assertThat(PeerPropagationSaga.mayConcern(new GenericEventMessage<>(event, MetaData.with(PipeEvents.PEER, true))))
                .isTrue();
        assertThat(PeerPropagationSaga.mayConcern(new GenericEventMessage<>(event, MetaData.emptyInstance())))
                .as("an event written before the flag existed").isTrue();
    }
}
