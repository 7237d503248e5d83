package dev.junction.command.rest;

import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.error.PayloadTooLargeException;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.input.InputLimits;
import dev.junction.api.pipe.End;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
import static dev.junction.api.testing.Json.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipeRequestTest {

    /** Small limits, so that the tests read: ends of 60 bytes of data and 80 of schema. */
    private static final BoundedJson JSON = new BoundedJson(new InputLimits(60, 80, 10_000, 16, 1_000, 50));

    private static PipeRequest parse(String singleQuoted) {
        return PipeRequest.parse(text(singleQuoted), JSON);
    }

    private static void assertInvalid(String singleQuoted, String... fields) {
        assertThatThrownBy(() -> parse(singleQuoted))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactlyInAnyOrder(fields));
    }

    @Test
    void aPipeIsReadWithBothEnds() {
        PipeRequest request = parse("{'id':'p1','this':{'uri':'u1','issuer':'i1','schema':{'type':'object'},"
                + "'data':{'A':'a'}},'other':{'uri':'u2','issuer':'i2','data':{'B':'b'}}}");

        assertThat(request.id()).isEqualTo("p1");
        assertThat(request.thisEnd()).isEqualTo(new End("u1", "i1", node("{'type':'object'}"), obj("{'A':'a'}")));
        assertThat(request.otherEnd()).isEqualTo(new End("u2", "i2", null, obj("{'B':'b'}")));
        assertThat(request.proto()).isNull();
        assertThat(request.adapters()).isNull();
    }

    @Test
    void fieldNamesMatchCaseInsensitively() {
        PipeRequest request = parse("{'Id':'p1','THIS':{'Data':{'A':'a'}},"
                + "'Other':{'URI':'http://peer/x/pipes/q','Issuer':'http://peer','Schema':true}}");

        assertThat(request.id()).isEqualTo("p1");
        assertThat(request.thisEnd().data()).isEqualTo(obj("{'A':'a'}"));
        assertThat(request.otherEnd().uri()).isEqualTo("http://peer/x/pipes/q");
        assertThat(request.otherEnd().issuer()).isEqualTo("http://peer");
        assertThat(request.otherEnd().schema().asBoolean()).isTrue();
    }

    @Test
    void anExactlyNamedFieldWinsOverAnotherSpelling() {
        PipeRequest request = parse("{'other':{'Issuer':'http://wrong','issuer':'http://right'}}");

        assertThat(request.otherEnd().issuer()).isEqualTo("http://right");
    }

    @Test
    void unknownFieldsAreIgnored() {
        PipeRequest request = parse("{'id':'p1','colour':'red','_links':{'self':{'href':'x'}},"
                + "'this':{'data':{'A':'a'},'version':3}}");

        assertThat(request.id()).isEqualTo("p1");
        assertThat(request.thisEnd()).isEqualTo(new End(null, null, null, obj("{'A':'a'}")));
    }

    @Test
    void nullsAreAbsentValues() {
        PipeRequest request = parse("{'id':null,'this':{'data':null,'schema':null},'other':null,'adapters':null}");

        assertThat(request.id()).isNull();
        assertThat(request.thisEnd()).isEqualTo(End.EMPTY);
        assertThat(request.otherEnd()).isNull();
        assertThat(request.adapters()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyBodyIsAnEmptyRequest(String body) {
        assertThat(PipeRequest.parse(body, JSON)).isEqualTo(new PipeRequest(null, null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'this':", "{this:{}}", "not json", "{'a':1,}"})
    void malformedJsonIsReportedOnTheBody(String body) {
        assertInvalid(body, "body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'pipe'", "42"})
    void aBodyThatIsNotAnObjectIsReportedOnTheBody(String body) {
        assertInvalid(body, "body");
    }

    @Test
    void wrongTypesNameTheirField() {
        assertInvalid("{'this':{'data':'URI=x'}}", "this.data");
        assertInvalid("{'other':{'data':[1]}}", "other.data");
        assertInvalid("{'this':'x'}", "this");
        assertInvalid("{'this':{'uri':5}}", "this.uri");
        assertInvalid("{'other':{'issuer':true}}", "other.issuer");
        assertInvalid("{'this':{'schema':'object'}}", "this.schema");
        assertInvalid("{'id':7}", "id");
        assertInvalid("{'proto':['https']}", "proto");
        assertInvalid("{'adapters':'auth:oidc'}", "adapters");
        assertInvalid("{'adapters':['auth:oidc',3]}", "adapters");
    }

    @Test
    void everyWrongFieldIsReportedAtOnce() {
        assertInvalid("{'id':1,'this':{'data':2},'other':{'uri':3}}", "id", "this.data", "other.uri");
    }

    @Test
    void aBindingMayBeFlat() {
        PipeRequest request = parse("{'id':'b1','this':{'data':{'A':'a'}},'other':{'uri':'u'},"
                + "'proto':'https','adapters':['auth:oidc','auth:basic']}");

        assertThat(request.id()).isEqualTo("b1");
        assertThat(request.thisEnd().data()).isEqualTo(obj("{'A':'a'}"));
        assertThat(request.otherEnd().uri()).isEqualTo("u");
        assertThat(request.proto()).isEqualTo("https");
        assertThat(request.adapters()).containsExactly("auth:oidc", "auth:basic");
    }

    @Test
    void aBindingMayCarryItsPipeUnderPipe() {
        PipeRequest request = parse("{'pipe':{'id':'b1','this':{'data':{'A':'a'}},'other':{'uri':'u'}},"
                + "'proto':'rediss','adapters':[]}");

        assertThat(request.id()).isEqualTo("b1");
        assertThat(request.thisEnd().data()).isEqualTo(obj("{'A':'a'}"));
        assertThat(request.otherEnd().uri()).isEqualTo("u");
        assertThat(request.proto()).isEqualTo("rediss");
        assertThat(request.adapters()).isEmpty();
    }

    @Test
    void thePipeUnderPipeIsMatchedCaseInsensitivelyToo() {
        PipeRequest request = parse("{'Pipe':{'ID':'b1'},'Proto':'https','Adapters':['auth:oidc']}");

        assertThat(request.id()).isEqualTo("b1");
        assertThat(request.proto()).isEqualTo("https");
        assertThat(request.adapters()).containsExactly("auth:oidc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-p1", ".p1", "p 1", "p/1", "p1?", "é"})
    void anInvalidIdIsRefused(String id) {
        assertInvalid("{'id':'" + id + "'}", "id");
    }

    @Test
    void anIdIsAtMost200Characters() {
        String longest = "a".repeat(200);

        assertThat(parse("{'id':'" + longest + "'}").id()).isEqualTo(longest);
        assertInvalid("{'id':'" + longest + "a'}", "id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"p1", "0", "a.b_c:d~e-f", "3f2a9c1e-1b2c-4d5e-8f90-123456789abc"})
    void validIdsAreAccepted(String id) {
        assertThat(parse("{'id':'" + id + "'}").id()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'proto':'a\\u0000b'}", "{'proto':'x y'}", "{'adapters':['auth:oidc','a\\r\\nb']}"})
    void protoAndAdaptersFollowTheIdRule(String body) {
        assertInvalid(body, body.contains("proto") ? "proto" : "adapters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"this.data", "this.schema", "other.data", "other.schema"})
    void anEndsDataOrSchemaOverItsLimitIs413NamingIt(String field) {
        String[] parts = field.split("\\.");
        String big = parts[1].equals("data") ? "{'A':'" + "x".repeat(60) + "'}"
                : "{'type':'object','description':'" + "x".repeat(60) + "'}";
        String body = "{'" + parts[0] + "':{'" + parts[1] + "':" + big + "}}";

        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(PayloadTooLargeException.class,
                e -> assertThat(e.field()).isEqualTo(field));
        assertThatThrownBy(() -> parse("{'pipe':" + body + "}")).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void anEndAtItsLimitIsAccepted() {
        String data = "{'A':'" + "x".repeat(52) + "'}"; // 60 bytes

        assertThat(parse("{'this':{'data':" + data + "}}").thisEnd().data()).isEqualTo(obj(data));
    }

    @Test
    void aNumberADoubleCannotCarryIsNamedByItsPath() {
        assertInvalid("{'this':{'data':{'X':1e400}},'other':{'schema':{'maximum':-1e999}}}",
                "this.data.X", "other.schema.maximum");
    }

    @org.junit.jupiter.api.Test
    void aMalformedBodyIsReportedByPositionWithoutEchoingItsText() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PipeRequest.parse("{\"this\":{\"data\":{\"PASS\":hunter2}}}", JSON))
                .isInstanceOf(dev.junction.api.error.InvalidInputException.class)
                .hasMessageContaining("line 1")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
