package dev.junction.infra.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's own logback configuration (logback-spring.xml over Spring Boot's defaults): whatever a
 * message or an exception message holds, it is written as one line.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogEscapingTest {

    private final LoggerContext context = new LoggerContext();
    private Logger log;

    @BeforeEach
    void configure() throws Exception {
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback-spring.xml"));
        context.start();
        log = context.getLogger("test.forging");
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void lineBreaksInAMessageOrItsArgumentsStayOnItsLine(CapturedOutput output) {
        log.info("pipe {} refused", "p1\r\nFAKE a forged line\u2028FAKE2\u0085FAKE3");
        log.warn("raw\nFAKE in the pattern itself\u001b[31m");

        assertThat(output.getAll()).contains("pipe p1\\r\\nFAKE a forged line\\u2028FAKE2\\u0085FAKE3 refused")
                .contains("raw\\nFAKE in the pattern itself\\u001b[31m");
        assertNoForgedLine(output.getAll());
    }

    @Test
    void exceptionMessagesAreEscapedWhileTheTraceKeepsItsLines(CapturedOutput output) {
        Exception cause = new IllegalStateException("cause\r\nFAKE from a cause");
        Exception thrown = new IllegalArgumentException("bad id \nFAKE from an exception", cause);
        thrown.addSuppressed(new RuntimeException("suppressed\nFAKE"));

        log.error("failed", thrown);

        String all = output.getAll();
        assertThat(all).contains("java.lang.IllegalArgumentException: bad id \\nFAKE from an exception")
                .contains("Caused by: java.lang.IllegalStateException: cause\\r\\nFAKE from a cause")
                .contains("suppressed\\nFAKE")
                .contains("\tat dev.junction.infra.logging.LogEscapingTest");
        assertNoForgedLine(all);
    }

    private static void assertNoForgedLine(String output) {
        assertThat(output.split("\\R")).noneMatch(line -> line.startsWith("FAKE"));
        assertThat(output).doesNotContain("\u2028").doesNotContain("\u0085").doesNotContain("\u001b");
    }
}
