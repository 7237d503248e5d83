package dev.junction.api.blueprint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.api.pipe.BlueprintKind;

/**
 * A proto or adapter template. Its schemas are written from the provider's (offer's) side;
 * on a need, {@code this} and {@code other} are swapped.
 */
public record Template(String id, TemplateKind kind, JsonNode offerThis, JsonNode offerOther) {

    public enum TemplateKind { PROTO, ADAPTER }

    public JsonNode thisSchema(BlueprintKind side) {
        return side == BlueprintKind.OFFER ? offerThis : offerOther;
    }

    public JsonNode otherSchema(BlueprintKind side) {
        return side == BlueprintKind.OFFER ? offerOther : offerThis;
    }
}
