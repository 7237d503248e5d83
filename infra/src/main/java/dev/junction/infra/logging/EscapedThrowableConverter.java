package dev.junction.infra.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Spring Boot's {@code %wEx} (a stack trace after a blank line) with every exception's message escaped
 * ({@link LogText}): the trace keeps its lines, while a message that quotes a caller cannot add any.
 */
public class EscapedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return super.throwableProxyToString(EscapedThrowableProxy.of(proxy));
    }
}
