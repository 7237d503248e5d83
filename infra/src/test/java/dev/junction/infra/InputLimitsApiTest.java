package dev.junction.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies refused at the edge with the default limits (docs/operator-guide.md, "Limits"): sizes (413),
 * JSON the reader bounds and numbers a double cannot carry (400). Each refusal changes nothing.
 */
class InputLimitsApiTest extends EdgeApiTestSupport {

    private static final int END_LIMIT = 64 * 1024;

    /** A JSON object of one string field, about {@code bytes} long once serialised. */
    private static String bigObject(int bytes) {
        return "{\"BIG\":\"" + "x".repeat(bytes) + "\"}";
    }

    // ---- sizes ----------------------------------------------------------------------------------

    @Test
    void anEndsDataOrSchemaOverItsLimitIs413NamingItAndCreatesNothing() {
        String id = newId("big");
        String schema = "{\"type\":\"object\",\"description\":\"" + "d".repeat(END_LIMIT) + "\"}";

        Answer data = post("/backend/pipes", "{\"id\":\"" + id + "\",\"this\":{\"data\":" + bigObject(END_LIMIT) + "}}");
        Answer otherSchema = post("/backend/pipes", "{\"id\":\"" + id + "\",\"other\":{\"schema\":" + schema + "}}");
        Answer binding = post("/backend/offers/https/bindings",
                "{\"id\":\"" + id + "\",\"other\":{\"data\":" + bigObject(END_LIMIT) + "}}");

        assertThat(data.status()).as(brief(data)).isEqualTo(413);
        assertThat(data.errorFields()).containsExactly("this.data");
        assertThat(data.json().path("message").asText()).contains("65536");
        assertThat(otherSchema.status()).as(brief(otherSchema)).isEqualTo(413);
        assertThat(otherSchema.errorFields()).containsExactly("other.schema");
        assertThat(binding.status()).as(brief(binding)).isEqualTo(413);
        assertThat(binding.errorFields()).containsExactly("other.data");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
    }

    @Test
    void dataJustUnderTheLimitIsAccepted() {
        String id = newId("fits");

        createPipe("backend", id, bigObject(END_LIMIT - 100));

        assertThat(pipe("backend", id).at("/this/data/BIG").asText()).hasSize(END_LIMIT - 100);
    }

    @Test
    void aPatchOverTheLimitIs413AndLeavesThePipeUnchanged() {
        String id = newId("big-patch");
        createPipe("backend", id, "{\"URI\":\"https://before.example\"}");
        JsonNode before = pipe("backend", id);

        Answer user = patch("/backend/pipes/" + id, "{\"this\":{\"data\":" + bigObject(END_LIMIT) + "}}");
        Answer peer = send(WebTestClient.bindToServer().baseUrl(ROOT).defaultHeader(HttpHeaders.AUTHORIZATION,
                        "Bearer not-checked-before-the-size").build(), HttpMethod.PATCH,
                "/backend/pipes/" + id, MediaType.APPLICATION_JSON, "{\"other\":{\"data\":" + bigObject(END_LIMIT) + "}}");
        Answer resource = patch("/backend", "{\"data\":" + bigObject(END_LIMIT) + "}");

        assertThat(user.status()).as(brief(user)).isEqualTo(413);
        assertThat(user.errorFields()).containsExactly("this.data");
        assertThat(peer.status()).as(brief(peer)).isEqualTo(413);
        assertThat(peer.errorFields()).containsExactly("other.data");
        assertThat(resource.status()).as(brief(resource)).isEqualTo(413);
        assertThat(resource.errorFields()).containsExactly("data");
        assertThat(pipe("backend", id)).isEqualTo(before);
    }

    @Test
    void aBodyOverTheBodyLimitIs413NamingTheBody() {
        String id = newId("huge");
        String body = "{\"id\":\"" + id + "\",\"this\":{\"data\":{\"A\":\"" + "a".repeat(200 * 1024) + "\",\"B\":\""
                + "b".repeat(100 * 1024) + "\"}}}";

        Answer answer = post("/backend/pipes", body);

        assertThat(answer.status()).as(brief(answer)).isEqualTo(413);
        assertThat(answer.errorFields()).containsExactly("body");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
    }

    @Test
    void aChunkedBodyWithoutContentLengthIsCutOffAtTheBodyLimit() {
        String id = newId("chunked");
        byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
        Flux<DataBuffer> body = Flux.concat(
                Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(("{\"id\":\"" + id
                        + "\",\"this\":{\"data\":{\"A\":\"").getBytes(StandardCharsets.US_ASCII))),
                Flux.range(0, 40).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk)),
                Flux.just(DefaultDataBufferFactory.sharedInstance.wrap("\"}}}".getBytes(StandardCharsets.US_ASCII))));

        EntityExchangeResult<String> result = client.post().uri("/backend/pipes").contentType(MediaType.APPLICATION_JSON)
                .body(body, DataBuffer.class).exchange().expectBody(String.class).returnResult();

        assertThat(result.getStatus().value()).as(String.valueOf(result.getResponseBody())).isEqualTo(413);
        assertThat(result.getResponseBody()).as("refused by the broker's count, naming the body").contains("\"field\":\"body\"");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
    }

    @Test
    void aClientStillSendingABodyOverTheLimitGetsItsAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = java.util.Base64.getEncoder().encodeToString((TestBroker.USER + ":" + TestBroker.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        for (int size : new int[]{300_000, 900_000}) { // up to four times the limit the body is read and dropped
            String id = newId("sending");
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ROOT + "/backend/pipes"))
                    .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"this\":{\"data\":{\"A\":\""
                            + "y".repeat(size) + "\"}}}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.body()).contains("\"field\":\"body\"");
            assertThat(pipeStatus("backend", id)).isEqualTo(404);
        }
    }

    @Test
    void aRequestLineLongerThanTheHttpServerReadsIs414() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /backend/pipes/" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = socket.getInputStream().readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 414");
        }
    }

    @Test
    void aFiftyMegabyteBodyIsRefusedBeforeItIsSent() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            String auth = java.util.Base64.getEncoder().encodeToString((TestBroker.USER + ":" + TestBroker.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            out.write(("POST /backend/pipes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n{\"id\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void jsonNestedDeeperThanTheLimitIs400NamingTheBody() {
        String id = newId("deep");
        String deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);

        Answer answer = post("/backend/pipes", "{\"id\":\"" + id + "\",\"this\":{\"data\":" + deep + "}}");

        assertThat(answer.status()).as(brief(answer)).isEqualTo(400);
        assertThat(answer.errorFields()).containsExactly("body");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
    }

    // ---- numbers --------------------------------------------------------------------------------

    @Test
    void aNumberADoubleCannotCarryIs400NamingItsFieldAndCreatesNothing() {
        String id = newId("inf");

        Answer answer = post("/backend/pipes", "{\"id\":\"" + id + "\",\"this\":{\"data\":{\"X\":1e400}}}");

        assertThat(answer.status()).as(brief(answer)).isEqualTo(400);
        assertThat(answer.errorFields()).containsExactly("this.data.X");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
    }

    @Test
    void aPatchWithSuchANumberIs400AndLeavesThePipeUnchanged() {
        String id = newId("inf-patch");
        createPipe("backend", id, "{\"X\":1.5}");
        JsonNode before = pipe("backend", id);

        Answer data = patch("/backend/pipes/" + id, "{\"this\":{\"data\":{\"X\":-1e400}}}");
        Answer schema = patch("/backend/pipes/" + id,
                "{\"this\":{\"schema\":{\"type\":\"object\",\"properties\":{\"X\":{\"maximum\":1e999}}}}}");

        assertThat(data.status()).as(brief(data)).isEqualTo(400);
        assertThat(data.errorFields()).containsExactly("this.data.X");
        assertThat(schema.status()).as(brief(schema)).isEqualTo(400);
        assertThat(schema.errorFields()).containsExactly("this.schema.properties.X.maximum");
        assertThat(pipe("backend", id)).isEqualTo(before);
    }
}
