package dev.junction.query.pipe;

import dev.junction.api.Actor;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.api.pipe.PipeView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

class PipeViewFolderTest {

    private static final Actor ALICE = Actor.user("alice");
    private static final String KEY = "backend/p1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-03T00:00:00Z");
    private static final PipeBinding BINDING = new PipeBinding(BlueprintKind.OFFER, "https", "https",
            List.of("auth:oidc"));
    private static final End THIS = new End("http://b/backend/pipes/p1", "http://b", null, obj("{'URI':'https://a'}"));
    private static final End OTHER = new End("http://peer/frontend/pipes/q1", "http://peer", null, null);

    private static final PipeCreated CREATED = new PipeCreated(KEY, "backend", "p1", THIS, OTHER, BINDING, ALICE, T0);

    private static PipeView createdView() {
        return PipeViewFolder.apply(null, CREATED, 0);
    }

    @Test
    void pipeCreatedStartsTheView() {
        assertThat(createdView()).isEqualTo(
                new PipeView("backend", "p1", THIS, OTHER, BINDING, 0, 1, null, false, T0, T0));
    }

    @Test
    void absentEndsBecomeEmptyEnds() {
        PipeView view = PipeViewFolder.apply(null,
                new PipeCreated(KEY, "backend", "p1", null, null, null, ALICE, T0), 0);

        assertThat(view.thisEnd()).isEqualTo(End.EMPTY);
        assertThat(view.otherEnd()).isEqualTo(End.EMPTY);
    }

    @Test
    void thisEndUpdatedReplacesThisEndAndItsVersion() {
        End newThis = THIS.withData(obj("{'URI':'https://b'}"));

        PipeView view = PipeViewFolder.apply(createdView(), new ThisEndUpdated(KEY, newThis, 2, ALICE, T1), 1);

        assertThat(view).isEqualTo(new PipeView("backend", "p1", newThis, OTHER, BINDING, 1, 2, null, false, T0, T1));
    }

    @Test
    void otherEndUpdatedReplacesTheOtherEndAndThePeerVersion() {
        End newOther = OTHER.withData(obj("{'AUD':'a'}"));

        PipeView view = PipeViewFolder.apply(createdView(), new OtherEndUpdated(KEY, newOther, 7L, ALICE, T1), 1);

        assertThat(view).isEqualTo(new PipeView("backend", "p1", THIS, newOther, BINDING, 1, 1, 7L, false, T0, T1));
    }

    @Test
    void pipeDeletedMarksTheViewDeleted() {
        PipeView view = PipeViewFolder.apply(createdView(), new PipeDeleted(KEY, BINDING, ALICE, T1), 1);

        assertThat(view).isEqualTo(new PipeView("backend", "p1", THIS, OTHER, BINDING, 1, 1, null, true, T0, T1));
    }

    @Test
    void aRecreatedPipeStartsAFreshLifeButGoesOnCountingThisVersion() {
        PipeView deleted = PipeViewFolder.apply(
                PipeViewFolder.apply(createdView(), new ThisEndUpdated(KEY, THIS, 2, ALICE, T1), 1),
                new PipeDeleted(KEY, BINDING, ALICE, T1), 2);
        End again = new End("http://b/backend/pipes/p1", "http://b", null, null);

        PipeView view = PipeViewFolder.apply(deleted,
                new PipeCreated(KEY, "backend", "p1", again, End.EMPTY, null, ALICE, T2), 3);

        assertThat(view).isEqualTo(new PipeView("backend", "p1", again, End.EMPTY, null, 3, 3, null, false, T2, T2));
    }

    @Test
    void anEventNotNewerThanTheViewIsIgnored() {
        PipeView updated = PipeViewFolder.apply(createdView(),
                new ThisEndUpdated(KEY, THIS.withData(obj("{'URI':'https://b'}")), 2, ALICE, T1), 1);

        PipeView replayedOlder = PipeViewFolder.apply(updated, new PipeDeleted(KEY, BINDING, ALICE, T2), 0);
        PipeView replayedSame = PipeViewFolder.apply(updated,
                new OtherEndUpdated(KEY, OTHER.withData(obj("{'X':'x'}")), 3L, ALICE, T2), 1);

        assertThat(replayedOlder).isSameAs(updated);
        assertThat(replayedSame).isSameAs(updated);
    }

    @Test
    void anUpdateWithoutACreatedViewGivesNoView() {
        assertThat(PipeViewFolder.apply(null, new ThisEndUpdated(KEY, THIS, 2, ALICE, T1), 1)).isNull();
        assertThat(PipeViewFolder.apply(null, new OtherEndUpdated(KEY, OTHER, null, ALICE, T1), 1)).isNull();
        assertThat(PipeViewFolder.apply(null, new PipeDeleted(KEY, null, ALICE, T1), 1)).isNull();
    }
}
