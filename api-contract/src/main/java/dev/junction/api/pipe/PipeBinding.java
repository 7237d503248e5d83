package dev.junction.api.pipe;

import java.util.List;

/** How a pipe was made from a blueprint: which blueprint, proto and adapters were chosen. */
public record PipeBinding(BlueprintKind kind, String blueprint, String proto, List<String> adapters) {

    public PipeBinding {
        adapters = adapters == null ? List.of() : List.copyOf(adapters);
    }
}
