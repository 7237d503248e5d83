package dev.junction.infra.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.peer.JunctionTestBase;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A webhook sink: the app gets {@code {"resource", "variables"}} by POST, signed with
 * {@code X-Junction-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}; a failing app
 * has its deliveries parked and retried until they arrive.
 */
class WebhookDeliveryTest extends JunctionTestBase {

    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    @Test
    void theAppReceivesItsVariablesSigned() throws Exception {
        String id = uniqueId("api");
        createPipe("hooked", id, Map.of("URI", "https://api.example.com"), null);
        String variable = "PIPE_" + id.toUpperCase().replaceAll("[^A-Z0-9]", "_") + "_THIS_URI";

        WebhookReceiver.Received post = await().atMost(PATIENCE).until(() -> WEBHOOKS.received("/hooked").stream()
                .filter(r -> r.body().contains(variable)).toList(), list -> !list.isEmpty()).get(0);

        assertThat(post.header("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(post.body());
        assertThat(body.path("resource").asText()).isEqualTo("hooked");
        assertThat(body.path("variables").path(variable).asText()).isEqualTo("https://api.example.com");

        Matcher signature = SIGNATURE.matcher(post.header("X-Junction-Signature"));
        assertThat(signature.matches()).as(post.header("X-Junction-Signature")).isTrue();
        long t = Long.parseLong(signature.group(1));
        assertThat(signature.group(2)).isEqualTo(hmac(WEBHOOK_SECRET, t + "." + post.body()));
        assertThat(signature.group(2)).isNotEqualTo(hmac("another-secret-0123456789", t + "." + post.body()));
        assertThat(Math.abs(Instant.now().getEpochSecond() - t)).as("t is the time of sending").isLessThan(300);

        // deleting the pipe sends the variables without it
        assertThat(call("DELETE", "/hooked/pipes/" + id, null).status()).isEqualTo(204);
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<WebhookReceiver.Received> posts = WEBHOOKS.received("/hooked");
            JsonNode last = JSON.readTree(posts.get(posts.size() - 1).body());
            assertThat(last.path("variables").has(variable)).isFalse();
        });
    }

    @Test
    void aFailingAppGetsItsDeliveryOnARetry() throws Exception {
        WEBHOOKS.failFirst("/flakyhook", 2, 500);
        String id = uniqueId("svc");
        String variable = "PIPE_" + id.toUpperCase().replaceAll("[^A-Z0-9]", "_") + "_THIS_URI";

        createPipe("flakyhook", id, Map.of("URI", "https://svc.example.com"), null);

        WebhookReceiver.Received delivered = await().atMost(PATIENCE).until(() -> WEBHOOKS.received("/flakyhook")
                .stream().filter(r -> r.answered() / 100 == 2).toList(), list -> !list.isEmpty()).get(0);
        assertThat(JSON.readTree(delivered.body()).path("variables").path(variable).asText())
                .isEqualTo("https://svc.example.com");
        assertThat(WEBHOOKS.received("/flakyhook")).extracting(WebhookReceiver.Received::answered)
                .startsWith(500, 500);
        Matcher signature = SIGNATURE.matcher(delivered.header("X-Junction-Signature"));
        assertThat(signature.matches()).isTrue();
        assertThat(signature.group(2)).isEqualTo(hmac(WEBHOOK_SECRET, signature.group(1) + "." + delivered.body()));

        // the resource's deliveries are not stuck behind the parked one
        assertThat(call("PATCH", "/flakyhook/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"https://v2.example.com\"}}}")
                .status()).isEqualTo(202);
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<WebhookReceiver.Received> posts = WEBHOOKS.received("/flakyhook");
            JsonNode last = JSON.readTree(posts.get(posts.size() - 1).body());
            assertThat(last.path("variables").path(variable).asText()).isEqualTo("https://v2.example.com");
            assertThat(posts.get(posts.size() - 1).answered() / 100).isEqualTo(2);
        });
    }

    static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
