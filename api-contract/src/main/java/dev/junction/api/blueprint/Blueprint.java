package dev.junction.api.blueprint;

import dev.junction.api.pipe.BlueprintKind;

import java.util.List;
import java.util.Optional;

/**
 * An offer or a need of a resource. {@code maxPipes} 0 means unlimited.
 */
public record Blueprint(String name, BlueprintKind kind, List<TemplateUse> protos, List<TemplateUse> adapters,
                        List<String> defaultAdapters, int maxPipes) {

    public Blueprint {
        protos = List.copyOf(protos);
        adapters = List.copyOf(adapters);
        defaultAdapters = List.copyOf(defaultAdapters);
    }

    public Optional<TemplateUse> proto(String id) {
        return protos.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<TemplateUse> adapter(String id) {
        return adapters.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
