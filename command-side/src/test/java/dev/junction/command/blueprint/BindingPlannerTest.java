package dev.junction.command.blueprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.blueprint.Blueprint;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.blueprint.Template;
import dev.junction.api.blueprint.Template.TemplateKind;
import dev.junction.api.blueprint.TemplateUse;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeCommands.BindBlueprint;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindingPlannerTest {

    private static final Actor ALICE = Actor.user("alice");

    private static final JsonNode HTTPS_THIS = node("{'properties':{'URI':{'type':'string','pattern':'^https://'}}}");
    private static final JsonNode REDISS_THIS = node("{'properties':{'URI':{'type':'string','pattern':'^rediss://'}}}");
    private static final JsonNode OIDC_OTHER = node("{'required':['AUD','ISS','SUB']}");
    private static final JsonNode BASIC_OTHER = node("{'required':['USER','PASS']}");
    private static final JsonNode SERVER_THIS = node("{'properties':{'USER':{},'PASS':{}}}");

    private static final Template HTTPS = new Template("https", TemplateKind.PROTO, HTTPS_THIS, null);
    private static final Template REDISS = new Template("rediss", TemplateKind.PROTO, REDISS_THIS, null);
    private static final Template OIDC = new Template("auth:oidc", TemplateKind.ADAPTER, null, OIDC_OTHER);
    private static final Template BASIC = new Template("auth:basic", TemplateKind.ADAPTER, null, BASIC_OTHER);
    private static final Template SERVER = new Template("auth:server", TemplateKind.ADAPTER, SERVER_THIS, null);

    private static Blueprint blueprint(BlueprintKind kind, int maxPipes) {
        return new Blueprint("backend", kind,
                List.of(new TemplateUse(HTTPS, obj("{'URI':'https://backend.herokuapp.com'}")),
                        new TemplateUse(REDISS, null)),
                List.of(new TemplateUse(OIDC, null), new TemplateUse(BASIC, null), new TemplateUse(SERVER, null)),
                List.of("auth:oidc"), maxPipes);
    }

    private static final Blueprint OFFER = blueprint(BlueprintKind.OFFER, 0);

    private static CreatePipe plan(Blueprint blueprint, String proto, List<String> adapters, End requestedThis,
                                   End requestedOther) {
        return BindingPlanner.plan(new BindBlueprint("backend", blueprint.kind(), blueprint.name(), "p1", proto,
                adapters, requestedThis, requestedOther, ALICE), blueprint);
    }

    private static JsonNode allOf(JsonNode... parts) {
        StringBuilder json = new StringBuilder("{\"allOf\":[");
        for (int i = 0; i < parts.length; i++) {
            json.append(i == 0 ? "" : ",").append(parts[i]);
        }
        return node(json.append("]}").toString());
    }

    @Test
    void theProtoDefaultsToTheFirstAndTheAdaptersToTheDefaultAdapters() {
        CreatePipe pipe = plan(OFFER, null, null, null, null);

        assertThat(pipe.binding()).isEqualTo(
                new PipeBinding(BlueprintKind.OFFER, "backend", "https", List.of("auth:oidc")));
        // one schema per end: as is, not wrapped
        assertThat(pipe.thisEnd().schema()).isEqualTo(HTTPS_THIS);
        assertThat(pipe.otherEnd().schema()).isEqualTo(OIDC_OTHER);
    }

    @Test
    void chosenProtoAndAdaptersAreUsedAndSeveralSchemasCombineUnderAllOf() {
        CreatePipe pipe = plan(OFFER, "rediss", List.of("auth:server", "auth:oidc", "auth:basic"), null, null);

        assertThat(pipe.binding()).isEqualTo(new PipeBinding(BlueprintKind.OFFER, "backend", "rediss",
                List.of("auth:server", "auth:oidc", "auth:basic")));
        assertThat(pipe.thisEnd().schema()).isEqualTo(allOf(REDISS_THIS, SERVER_THIS));
        assertThat(pipe.otherEnd().schema()).isEqualTo(allOf(OIDC_OTHER, BASIC_OTHER));
    }

    @Test
    void anEmptyAdapterListChoosesNoAdapter() {
        CreatePipe pipe = plan(OFFER, "https", List.of(), null, null);

        assertThat(pipe.binding().adapters()).isEmpty();
        assertThat(pipe.otherEnd().schema()).isNull();
    }

    @Test
    void anUnknownProtoIsNotFound() {
        assertThatThrownBy(() -> plan(OFFER, "postgresqls", null, null, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("postgresqls");
    }

    @Test
    void anUnknownAdapterIsNotFound() {
        assertThatThrownBy(() -> plan(OFFER, null, List.of("auth:oidc", "auth:mtls"), null, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("auth:mtls");
    }

    @Test
    void onANeedThisAndOtherAreSwapped() {
        CreatePipe pipe = plan(blueprint(BlueprintKind.NEED, 1), "https", List.of("auth:oidc", "auth:server"),
                null, null);

        assertThat(pipe.thisEnd().schema()).isEqualTo(OIDC_OTHER);
        assertThat(pipe.otherEnd().schema()).isEqualTo(allOf(HTTPS_THIS, SERVER_THIS));
        assertThat(pipe.binding().kind()).isEqualTo(BlueprintKind.NEED);
    }

    @Test
    void templateDataIsMergedIntoThisData() {
        assertThat(plan(OFFER, null, null, null, null).thisEnd().data())
                .isEqualTo(obj("{'URI':'https://backend.herokuapp.com'}"));
    }

    @Test
    void theRequestsDataWinsOverTemplateData() {
        End requested = new End(null, null, null, obj("{'URI':'https://mine.example','EXTRA':'x'}"));

        assertThat(plan(OFFER, null, null, requested, null).thisEnd().data())
                .isEqualTo(obj("{'URI':'https://mine.example','EXTRA':'x'}"));
    }

    @Test
    void planningDoesNotChangeTheTemplatesData() {
        ObjectNode templateData = OFFER.protos().get(0).data();
        End requested = new End(null, null, null, obj("{'URI':'https://mine.example'}"));

        plan(OFFER, null, null, requested, null).thisEnd().data().put("LATER", "changed");

        assertThat(templateData).isEqualTo(obj("{'URI':'https://backend.herokuapp.com'}"));
    }

    @Test
    void noTemplateDataAndNoRequestDataLeavesThisDataAbsent() {
        assertThat(plan(OFFER, "rediss", List.of(), null, null).thisEnd().data()).isNull();
    }

    @Test
    void theRequestsSchemasAreCombinedWithTheTemplates() {
        JsonNode mine = node("{'required':['URI']}");
        JsonNode theirs = node("{'required':['AUD']}");

        CreatePipe pipe = plan(OFFER, null, null, new End(null, null, mine, null), new End(null, null, theirs, null));

        assertThat(pipe.thisEnd().schema()).isEqualTo(allOf(HTTPS_THIS, mine));
        assertThat(pipe.otherEnd().schema()).isEqualTo(allOf(OIDC_OTHER, theirs));
    }

    @Test
    void thisUriAndIssuerAreLeftToThePipeAndTheOtherEndComesFromTheRequest() {
        End requestedThis = new End("http://evil.example/x", "http://evil.example", null, null);
        End requestedOther = new End("http://peer:8000/frontend/pipes/q1", "http://peer:8000", null,
                obj("{'AUD':'a'}"));

        CreatePipe pipe = plan(OFFER, null, null, requestedThis, requestedOther);

        assertThat(pipe.thisEnd().uri()).isNull();
        assertThat(pipe.thisEnd().issuer()).isNull();
        assertThat(pipe.otherEnd()).isEqualTo(new End("http://peer:8000/frontend/pipes/q1", "http://peer:8000",
                OIDC_OTHER, obj("{'AUD':'a'}")));
    }

    @Test
    void thePipeIsTheRequestedOneOfTheResource() {
        CreatePipe pipe = BindingPlanner.plan(new BindBlueprint("backend", BlueprintKind.NEED, "backend", "p9", null,
                null, null, null, ALICE), blueprint(BlueprintKind.NEED, 1));

        assertThat(pipe.pipeKey()).isEqualTo("backend/p9");
        assertThat(pipe.resource()).isEqualTo("backend");
        assertThat(pipe.pipeId()).isEqualTo("p9");
        assertThat(pipe.actor()).isEqualTo(ALICE);
    }

    @Test
    void anUnknownBlueprintIsNotFound() {
        Resource.Catalog catalog = new Resource.Catalog(List.of(new Resource("backend", null, List.of(OFFER),
                List.of())));

        assertThat(BindingPlanner.blueprint(catalog, "backend", BlueprintKind.OFFER, "backend")).isEqualTo(OFFER);
        assertThatThrownBy(() -> BindingPlanner.blueprint(catalog, "backend", BlueprintKind.NEED, "backend"))
                .isInstanceOf(NotFoundException.class).hasMessage("resource backend has no needs blueprint backend");
    }

    @Test
    void aBlueprintWithoutProtosBindsWithoutProto() {
        Blueprint bare = new Blueprint("bare", BlueprintKind.OFFER, List.of(), List.of(new TemplateUse(BASIC, null)),
                List.of("auth:basic"), 0);

        CreatePipe pipe = plan(bare, null, null, null, null);

        assertThat(pipe.binding().proto()).isNull();
        assertThat(pipe.thisEnd().schema()).isNull();
        assertThat(pipe.otherEnd().schema()).isEqualTo(BASIC_OTHER);
    }
}
