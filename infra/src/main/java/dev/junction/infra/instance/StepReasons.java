package dev.junction.infra.instance;

import dev.junction.infra.container.ContainerResult;

/** The short reasons of failed containers, for operators and events: never the container's output. */
final class StepReasons {

    private StepReasons() {
    }

    static String of(String operation, ContainerResult result) {
        if (result.timedOut()) {
            return operation + " timed out and was stopped";
        }
        return operation + " exited with " + result.exitCode();
    }
}
