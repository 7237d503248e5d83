package dev.junction.command.instance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static dev.junction.api.testing.Json.obj;
import static dev.junction.command.instance.InstanceFixtures.LARGE;
import static dev.junction.command.instance.InstanceFixtures.SMALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputMergeTest {

    @Test
    void theUsersParametersGoOverTheOperatorsInputsButNotOverFixedOnes() {
        assertThat(InputMerge.merge(SMALL, obj("{'size':'m','region':'us','extra':true}")))
                .isEqualTo(obj("{'size':'m','region':'eu','extra':true}"));
    }

    @Test
    void aFixedKeyTheOperatorLeftUnsetStaysUnset() {
        assertThat(InputMerge.merge(LARGE, obj("{'region':'us'}"))).isEqualTo(obj("{'size':'l'}"));
    }

    @Test
    void theMergeCopiesSoNeitherThePlanNorTheRequestChanges() {
        ObjectNode parameters = obj("{'nested':{'a':1}}");
        ObjectNode inputs = InputMerge.merge(SMALL, parameters);
        ((ObjectNode) inputs.get("nested")).put("a", 2);
        inputs.put("size", "changed");

        assertThat(parameters).isEqualTo(obj("{'nested':{'a':1}}"));
        assertThat(SMALL.operatorInputs()).isEqualTo(obj("{'size':'s','region':'eu'}"));
    }

    @Test
    void nestingIsBoundedWithoutRecursion() {
        ObjectNode deep = JsonNodeFactory.instance.objectNode();
        ObjectNode inner = deep;
        for (int i = 0; i < 100_000; i++) { // deeper than any recursive walk could go
            inner = inner.putObject("a");
        }
        assertThatThrownBy(() -> InputMerge.requireBounded("parameters", deep))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("parameters: nests deeper");
        String allowed = "{'a':".repeat(InputMerge.MAX_DEPTH - 1) + "[1]" + "}".repeat(InputMerge.MAX_DEPTH - 1);
        assertThatCode(() -> InputMerge.requireBounded("parameters", obj(allowed))).doesNotThrowAnyException();
    }
}
