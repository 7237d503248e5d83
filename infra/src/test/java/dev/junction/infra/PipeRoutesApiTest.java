package dev.junction.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.junction.infra.TestBroker.USER;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /{resource}/pipes} and {@code /{resource}/pipes/{pipe}}, with Junction's history and time travel. */
class PipeRoutesApiTest extends ApiTestSupport {

    @Test
    void createAnswers201WithLocationAndThePipeAsTheBrokerCompletedIt() {
        String id = newId("create");
        Answer answer = post("/backend/pipes", """
                {"id":"%s","this":{"data":{"URI":"https://one.example"}},
                 "other":{"uri":"https://peer.example/frontend/pipes/x","issuer":"https://peer.example"}}
                """.formatted(id));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.headers().getLocation()).hasToString("/backend/pipes/" + id);
        JsonNode body = answer.json();
        assertThat(body.path("id").asText()).isEqualTo(id);
        assertThat(body.at("/this/uri").asText()).isEqualTo(ROOT + "/backend/pipes/" + id);
        assertThat(body.at("/this/issuer").asText()).isEqualTo(ROOT);
        assertThat(body.at("/this/data/URI").asText()).isEqualTo("https://one.example");
        assertThat(body.at("/other/uri").asText()).isEqualTo("https://peer.example/frontend/pipes/x");
        assertThat(body.at("/other/issuer").asText()).isEqualTo("https://peer.example");
        assertThat(body.at("/_links/self/href").asText()).isEqualTo(ROOT + "/backend/pipes/" + id);
    }

    @Test
    void createMergesTheResourcesDefaultDataUnderTheRequestedData() {
        String id = newId("defaults");
        JsonNode created = createPipe("db", id, "{\"USER\":\"app\"}");

        assertThat(created.at("/this/data/URI").asText())
                .isEqualTo("postgresql://user:password@db.example.com:5432/mydb");
        assertThat(created.at("/this/data/USER").asText()).isEqualTo("app");
        assertThat(pipe("db", id).at("/this/data")).isEqualTo(created.at("/this/data"));

        String overriding = newId("defaults");
        assertThat(createPipe("db", overriding, "{\"URI\":\"postgresqls://other\"}").at("/this/data/URI").asText())
                .isEqualTo("postgresqls://other");
    }

    @Test
    void listIsAJsonArrayOfThePipesOfThatResourceOnly() {
        String a = newId("list");
        String b = newId("list");
        String elsewhere = newId("list");
        createPipe("backend", a, "{\"N\":\"a\"}");
        createPipe("backend", b, "{\"N\":\"b\"}");
        createPipe("frontend", elsewhere, "{\"N\":\"c\"}");

        Answer answer = get("/backend/pipes");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode list = answer.json();
        assertThat(list.isArray()).as("the spec's array, not the reference's object").isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode p : list) {
            ids.add(p.path("id").asText());
            assertThat(p.at("/_links/self/href").asText()).isEqualTo(ROOT + "/backend/pipes/" + p.path("id").asText());
        }
        assertThat(ids).contains(a, b).doesNotContain(elsewhere);
        JsonNode listedA = null;
        for (JsonNode p : list) {
            if (p.path("id").asText().equals(a)) {
                listedA = p;
            }
        }
        assertThat(listedA).isEqualTo(pipe("backend", a));
    }

    @Test
    void getAnswersThePipeAsCreated() {
        String id = newId("get");
        JsonNode created = createPipe("backend", id, "{\"URI\":\"https://get.example\",\"N\":1}");

        JsonNode read = pipe("backend", id);
        assertThat(read).isEqualTo(created);
    }

    @Test
    void patchAnswers202WithAnEmptyBodyAndMergesDataKeyByKey() {
        String id = newId("patch");
        createPipe("backend", id, "{\"URI\":\"https://before.example\",\"KEEP\":\"yes\"}");

        Answer answer = patch("/backend/pipes/" + id,
                "{\"this\":{\"data\":{\"URI\":\"https://after.example\",\"NEW\":\"1\"}},"
                        + "\"other\":{\"uri\":\"https://peer.example/p\",\"data\":{\"X\":\"y\"}}}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        assertThat(answer.body()).as("PATCH answers an empty body").isNullOrEmpty();
        JsonNode after = pipe("backend", id);
        assertThat(after.at("/this/data")).isEqualTo(object(
                "{\"URI\":\"https://after.example\",\"KEEP\":\"yes\",\"NEW\":\"1\"}"));
        assertThat(after.at("/this/uri").asText()).as("this.uri stays the broker's").isEqualTo(
                ROOT + "/backend/pipes/" + id);
        assertThat(after.at("/other/uri").asText()).isEqualTo("https://peer.example/p");
        assertThat(after.at("/other/data/X").asText()).isEqualTo("y");
    }

    @Test
    void patchCannotMoveThisEndAway() {
        String id = newId("patch-uri");
        createPipe("backend", id, "{\"N\":\"1\"}");

        Answer answer = patch("/backend/pipes/" + id,
                "{\"this\":{\"uri\":\"https://evil.example/x\",\"issuer\":\"https://evil.example\"}}");

        assertThat(answer.status()).isEqualTo(202);
        JsonNode after = pipe("backend", id);
        assertThat(after.at("/this/uri").asText()).isEqualTo(ROOT + "/backend/pipes/" + id);
        assertThat(after.at("/this/issuer").asText()).isEqualTo(ROOT);
    }

    @Test
    void deleteAnswers204AndThePipeIsGoneFromGetAndList() {
        String id = newId("delete");
        createPipe("backend", id, "{\"N\":\"1\"}");

        Answer answer = delete("/backend/pipes/" + id);

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.body()).isNullOrEmpty();
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
        assertThat(pipeIds("backend")).doesNotContain(id);
        assertThat(delete("/backend/pipes/" + id).status()).as("a second delete").isEqualTo(404);
    }

    @Test
    void aDeletedPipeCanBeCreatedAgainAndStartsAfresh() {
        String id = newId("again");
        createPipe("backend", id, "{\"OLD\":\"1\"}");
        assertThat(delete("/backend/pipes/" + id).status()).isEqualTo(204);

        JsonNode created = createPipe("backend", id, "{\"NEW\":\"2\"}");

        assertThat(created.at("/this/data")).isEqualTo(object("{\"NEW\":\"2\"}"));
        assertThat(pipe("backend", id).at("/this/data")).isEqualTo(object("{\"NEW\":\"2\"}"));
    }

    @Test
    void readYourWritesRightAfterEachAnswer() {
        String id = newId("ryw");
        for (int i = 0; i < 5; i++) {
            String key = id + "-" + i;
            assertThat(post("/backend/pipes", "{\"id\":\"" + key + "\",\"this\":{\"data\":{\"N\":\"0\"}}}").status())
                    .isEqualTo(201);
            assertThat(pipe("backend", key).at("/this/data/N").asText()).isEqualTo("0");
            assertThat(pipeIds("backend")).contains(key);

            assertThat(patch("/backend/pipes/" + key, "{\"this\":{\"data\":{\"N\":\"1\"}}}").status()).isEqualTo(202);
            assertThat(pipe("backend", key).at("/this/data/N").asText()).isEqualTo("1");

            assertThat(delete("/backend/pipes/" + key).status()).isEqualTo(204);
            assertThat(pipeStatus("backend", key)).isEqualTo(404);
            assertThat(pipeIds("backend")).doesNotContain(key);
        }
    }

    @Test
    void unknownJsonFieldsAreIgnored() {
        String id = newId("unknown-fields");
        Answer created = post("/backend/pipes", """
                {"id":"%s","colour":"blue","this":{"data":{"N":"1"},"shape":"round"},
                 "other":{"uri":"https://peer.example/p","extra":{"deep":[1,2]}},"_links":{"self":{"href":"x"}}}
                """.formatted(id));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode read = pipe("backend", id);
        assertThat(read.has("colour")).isFalse();
        assertThat(read.path("this").has("shape")).isFalse();
        assertThat(read.path("other").has("extra")).isFalse();
        assertThat(read.at("/_links/self/href").asText()).isEqualTo(ROOT + "/backend/pipes/" + id);

        Answer patched = patch("/backend/pipes/" + id, "{\"this\":{\"data\":{\"N\":\"2\"},\"size\":3},\"more\":true}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(202);
        assertThat(pipe("backend", id).at("/this/data/N").asText()).isEqualTo("2");
    }

    @Test
    void fieldNamesOfTheOtherEndMatchCaseInsensitively() {
        String id = newId("issuer-case");
        Answer created = post("/backend/pipes", """
                {"id":"%s","this":{"data":{"N":"1"}},
                 "other":{"Issuer":"https://peer.example","URI":"https://peer.example/frontend/pipes/p"}}
                """.formatted(id));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode read = pipe("backend", id);
        assertThat(read.at("/other/issuer").asText()).isEqualTo("https://peer.example");
        assertThat(read.at("/other/uri").asText()).isEqualTo("https://peer.example/frontend/pipes/p");

        assertThat(patch("/backend/pipes/" + id, "{\"other\":{\"ISSUER\":\"https://moved.example\"}}").status())
                .isEqualTo(202);
        assertThat(pipe("backend", id).at("/other/issuer").asText()).isEqualTo("https://moved.example");
    }

    @Test
    void createWithoutAnIdGetsOneFromTheBroker() {
        Answer created = post("/backend/pipes", "{\"this\":{\"data\":{\"N\":\"1\"}}}");

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(created.headers().getLocation()).hasToString("/backend/pipes/" + id);
        assertThat(pipe("backend", id).at("/this/data/N").asText()).isEqualTo("1");
    }

    @Test
    void historyListsEveryEventInOrderWithItsActorAndTime() {
        String id = newId("history");
        createPipe("backend", id, "{\"N\":\"1\"}");
        assertThat(patch("/backend/pipes/" + id, "{\"this\":{\"data\":{\"N\":\"2\"}}}").status()).isEqualTo(202);
        assertThat(patch("/backend/pipes/" + id, "{\"other\":{\"uri\":\"https://peer.example/p\"}}").status())
                .isEqualTo(202);
        assertThat(delete("/backend/pipes/" + id).status()).isEqualTo(204);

        Answer answer = get("/backend/pipes/" + id + "/history");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode history = answer.json();
        assertThat(history.isArray()).isTrue();
        List<String> types = new ArrayList<>();
        Instant previous = Instant.MIN;
        List<JsonNode> byUser = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            JsonNode entry = history.get(i);
            assertThat(entry.path("sequence").asLong()).isEqualTo(i);
            Instant at = Instant.parse(entry.path("at").asText());
            assertThat(at).isAfterOrEqualTo(previous);
            previous = at;
            if (entry.at("/actor/kind").asText().equals("user")) {
                assertThat(entry.at("/actor/name").asText()).isEqualTo(USER);
                types.add(entry.path("type").asText());
                byUser.add(entry);
            } else {
                // the other uri set by the user starts a delivery attempt (refused: not an allowed host)
                assertThat(entry.at("/actor/kind").asText()).isEqualTo("system");
                assertThat(entry.at("/actor/name").asText()).isEqualTo("propagation");
                assertThat(entry.path("type").asText()).startsWith("Propagation");
            }
        }
        assertThat(types).containsExactly("PipeCreated", "ThisEndUpdated", "OtherEndUpdated", "PipeDeleted");
        assertThat(byUser.get(0).at("/event/this/data/N").asText()).isEqualTo("1");
        assertThat(byUser.get(1).at("/event/this/data/N").asText()).isEqualTo("2");
        assertThat(byUser.get(2).at("/event/other/uri").asText()).isEqualTo("https://peer.example/p");
    }

    @Test
    void historyOfAPipeThatNeverExistedIs404() {
        assertThat(get("/backend/pipes/" + newId("never") + "/history").status()).isEqualTo(404);
        assertThat(get("/nowhere/pipes/x/history").status()).isEqualTo(404);
    }

    @Test
    void timeTravelShowsThePipeAsItWasAtEachEventOfItsHistory() {
        String id = newId("travel");
        createPipe("backend", id, "{\"N\":\"1\"}");
        assertThat(patch("/backend/pipes/" + id, "{\"this\":{\"data\":{\"N\":\"2\"}}}").status()).isEqualTo(202);
        assertThat(patch("/backend/pipes/" + id, "{\"this\":{\"data\":{\"N\":\"3\"}}}").status()).isEqualTo(202);
        assertThat(delete("/backend/pipes/" + id).status()).isEqualTo(204);
        JsonNode history = get("/backend/pipes/" + id + "/history").json();
        assertThat(history.size()).isEqualTo(4);

        for (int i = 0; i < 3; i++) {
            String at = history.get(i).path("at").asText();
            Answer then = get("/backend/pipes/" + id + "?at=" + at);
            assertThat(then.status()).as("at %s (event %d): %s", at, i, then).isEqualTo(200);
            assertThat(then.json().at("/this/data/N").asText()).as("at event %d", i).isEqualTo(String.valueOf(i + 1));
            assertThat(then.json().path("id").asText()).isEqualTo(id);
        }
        Instant created = Instant.parse(history.get(0).path("at").asText());
        assertThat(get("/backend/pipes/" + id + "?at=" + created.minusSeconds(1)).status())
                .as("before it was created").isEqualTo(404);
        assertThat(get("/backend/pipes/" + id + "?at=" + history.get(3).path("at").asText()).status())
                .as("once deleted").isEqualTo(404);
        assertThat(pipeStatus("backend", id)).as("now").isEqualTo(404);
    }

    @Test
    void timeTravelWithAMalformedInstantIs400NamingAt() {
        String id = newId("travel-bad");
        createPipe("backend", id, "{\"N\":\"1\"}");

        Answer answer = get("/backend/pipes/" + id + "?at=yesterday");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorFields()).containsExactly("at");
        assertThat(pipe("backend", id).at("/this/data/N").asText()).isEqualTo("1");
    }
}
