package dev.junction.infra.config;

import dev.junction.api.input.BoundedJson;
import dev.junction.api.input.InputLimits;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** The limits of {@link JunctionProperties.Limits} for the one reader of callers' JSON and for Spring's codecs. */
@Configuration(proxyBeanMethods = false)
public class InputLimitsConfig {

    @Bean
    BoundedJson boundedJson(JunctionProperties properties) {
        JunctionProperties.Limits limits = properties.limits();
        return new BoundedJson(new InputLimits(limits.endDataBytes(), limits.endSchemaBytes(), limits.bodyBytes(),
                limits.jsonDepth(), limits.jsonStringChars(), limits.jsonNumberChars()));
    }

    /** The codecs keep no more of a body in memory than the body limit (web.BodySizeFilter refuses it first). */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    CodecCustomizer bodyLimitCodecs(JunctionProperties properties) {
        return configurer -> configurer.defaultCodecs().maxInMemorySize(properties.limits().bodyBytes());
    }
}
