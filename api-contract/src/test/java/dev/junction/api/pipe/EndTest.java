package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

class EndTest {

    private static final JsonNode S1 = node("{'required':['URI']}");
    private static final JsonNode S2 = node("{'required':['USER']}");
    private static final End BASE = new End("http://b/r/pipes/p", "http://b", S1, obj("{'URI':'u','KEEP':'k'}"));

    @Test
    void dataIsMergedKeyByKeyAndThePatchsKeysWin() {
        End merged = BASE.merge(new End(null, null, null, obj("{'URI':'u2','NEW':'n'}")));

        assertThat(merged.data()).isEqualTo(obj("{'URI':'u2','KEEP':'k','NEW':'n'}"));
    }

    @Test
    void theMergeIsShallowAValueObjectReplacesTheOldOne() {
        End base = new End(null, null, null, obj("{'DB':{'host':'h','port':1}}"));

        End merged = base.merge(new End(null, null, null, obj("{'DB':{'port':2}}")));

        assertThat(merged.data()).isEqualTo(obj("{'DB':{'port':2}}"));
    }

    @Test
    void uriAndIssuerAreReplacedOnlyWhenThePatchNamesThem() {
        assertThat(BASE.merge(new End(null, null, null, null)).uri()).isEqualTo("http://b/r/pipes/p");
        assertThat(BASE.merge(new End(null, null, null, null)).issuer()).isEqualTo("http://b");

        End moved = BASE.merge(new End("http://c/r/pipes/p", "http://c", null, null));
        assertThat(moved.uri()).isEqualTo("http://c/r/pipes/p");
        assertThat(moved.issuer()).isEqualTo("http://c");
    }

    @Test
    void aPatchWithoutDataKeepsTheData() {
        assertThat(BASE.merge(new End(null, null, null, null)).data()).isEqualTo(BASE.data());
    }

    @Test
    void dataPatchedIntoAnEndWithoutDataBecomesItsData() {
        End merged = End.EMPTY.merge(new End(null, null, null, obj("{'A':'a'}")));

        assertThat(merged.data()).isEqualTo(obj("{'A':'a'}"));
    }

    @Test
    void schemasAreCombinedWithAllOf() {
        End merged = BASE.merge(new End(null, null, S2, null));

        assertThat(merged.schema()).isEqualTo(node("{'allOf':[{'required':['URI']},{'required':['USER']}]}"));
    }

    @Test
    void theSameSchemaIsNotAddedTwice() {
        assertThat(BASE.merge(new End(null, null, S1.deepCopy(), null)).schema()).isEqualTo(S1);
    }

    @Test
    void aSchemaPatchedIntoAnEndWithoutSchemaIsTakenAsIs() {
        assertThat(End.EMPTY.merge(new End(null, null, S2, null)).schema()).isEqualTo(S2);
    }

    @Test
    void mergingNullChangesNothing() {
        assertThat(BASE.merge(null)).isSameAs(BASE);
    }

    @Test
    void mergingChangesNeitherTheBaseNorThePatch() {
        ObjectNode baseData = obj("{'A':'a'}");
        ObjectNode patchData = obj("{'B':'b'}");
        End base = new End(null, null, null, baseData);
        End patch = new End(null, null, null, patchData);

        End merged = base.merge(patch);
        merged.data().put("C", "c");

        assertThat(baseData).isEqualTo(obj("{'A':'a'}"));
        assertThat(patchData).isEqualTo(obj("{'B':'b'}"));
        assertThat(merged.data()).isEqualTo(obj("{'A':'a','B':'b','C':'c'}"));
    }

    @Test
    void endsWithTheSameIssuerUriSchemaAndDataAreTheSame() {
        End copy = new End(BASE.uri(), BASE.issuer(), BASE.schema().deepCopy(), BASE.data().deepCopy());

        assertThat(BASE.sameAs(copy)).isTrue();
        assertThat(copy.sameAs(BASE)).isTrue();
    }

    @Test
    void endsDifferingInAnyFieldAreNotTheSame() {
        assertThat(BASE.sameAs(BASE.withUri("http://b/r/pipes/other"))).isFalse();
        assertThat(BASE.sameAs(BASE.withIssuer("http://other"))).isFalse();
        assertThat(BASE.sameAs(new End(BASE.uri(), BASE.issuer(), S2, BASE.data()))).isFalse();
        assertThat(BASE.sameAs(BASE.withData(obj("{'URI':'u'}")))).isFalse();
        assertThat(BASE.sameAs(BASE.withData(null))).isFalse();
        assertThat(BASE.sameAs(null)).isFalse();
    }

    @Test
    void dataOrEmptyAndHasData() {
        assertThat(End.EMPTY.dataOrEmpty()).isEqualTo(obj("{}"));
        assertThat(End.EMPTY.hasData()).isFalse();
        assertThat(End.EMPTY.withData(obj("{}")).hasData()).isFalse();
        assertThat(BASE.hasData()).isTrue();
        assertThat(BASE.dataOrEmpty()).isSameAs(BASE.data());
    }
}
