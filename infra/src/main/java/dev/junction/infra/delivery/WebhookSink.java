package dev.junction.infra.delivery;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * POSTs an app's variables as JSON, signed: {@code X-Junction-Signature: t=<unix seconds>,v1=<hex>}
 * where the hex is HMAC-SHA256 over {@code "<t>.<body>"} with the sink's secret. The app recomputes
 * it and refuses old timestamps, so a captured delivery cannot be replayed later. Any 2xx is success.
 */
public class WebhookSink {

    public static final String SIGNATURE_HEADER = "X-Junction-Signature";

    private final HttpClient http;
    private final Duration timeout;

    public WebhookSink(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public void post(URI url, String secret, String body, long unixSeconds) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, signature(secret, body, unixSeconds))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + url);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + url + " answered " + response.statusCode());
        }
    }

    public static String signature(String secret, String body, long unixSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
