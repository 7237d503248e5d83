package dev.junction;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Junction: an event-sourced cloudpipe and service broker. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JunctionApplication {

    static {
        // Axon's update checker would call a public host; Junction talks only to the peers it is told of.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(JunctionApplication.class, args);
    }
}
