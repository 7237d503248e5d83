package dev.junction.infra;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.net.URI;

/** Requests on paths sent exactly as written (no encoding by the client), for the edge checks' tests. */
abstract class EdgeApiTestSupport extends ApiTestSupport {

    /** The answer, cut short: some of these bodies are large. */
    static String brief(Answer answer) {
        String text = answer.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    Answer sendRaw(HttpMethod method, String rawPath, String json) {
        var spec = client.method(method).uri(URI.create(ROOT + rawPath));
        EntityExchangeResult<String> result = (json == null ? spec : spec.contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)).exchange().expectBody(String.class).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseHeaders(), result.getResponseBody());
    }
}
