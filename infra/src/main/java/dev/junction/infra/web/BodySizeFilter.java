package dev.junction.infra.web;

import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.PayloadTooLargeException;
import dev.junction.infra.config.JunctionProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Bounds every request body ({@code junction.limits.body-bytes}): a body whose Content-Length is above the
 * limit is answered 413 without being kept, and a body without one (chunked) fails with 413 as soon as the
 * bytes read pass the limit, so no body larger than the limit is ever held in memory. A body up to
 * {@value #DRAINED_LIMITS} times the limit is read and dropped before the answer, since a client still
 * sending when the connection closes loses the answer; a larger one is answered at once and its connection
 * closed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class BodySizeFilter implements WebFilter {

    static final int DRAINED_LIMITS = 4;

    private final ErrorResponses errors;
    private final int limit;

    public BodySizeFilter(JunctionProperties properties, ErrorResponses errors) {
        this.errors = errors;
        this.limit = properties.limits().bodyBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > limit) {
            PayloadTooLargeException tooLarge = new PayloadTooLargeException("body", limit);
            Mono<Void> answer = errors.write(exchange, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage(),
                    List.of(ErrorResponses.fieldError(tooLarge)));
            if (length <= (long) DRAINED_LIMITS * limit) {
                return exchange.getRequest().getBody().doOnNext(DataBufferUtils::release).then(answer);
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            return answer;
        }
        return chain.filter(exchange.mutate().request(new Bounded(exchange.getRequest(), limit)).build());
    }

    private static final class Bounded extends ServerHttpRequestDecorator {
        private final int limit;

        Bounded(ServerHttpRequest request, int limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                long[] read = {0};
                return super.getBody().map(buffer -> {
                    read[0] += buffer.readableByteCount();
                    if (read[0] > limit) {
                        DataBufferUtils.release(buffer);
                        throw new PayloadTooLargeException("body", limit);
                    }
                    return buffer;
                });
            });
        }
    }
}
