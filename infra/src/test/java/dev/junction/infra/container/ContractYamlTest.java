package dev.junction.infra.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractYamlTest {

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAMapAndAnEnvironment() {
        ObjectNode map = ContractYaml.parseMap(bytes("---\nusername: u\nport: 5432\nhosts: [a, b]\n"), "bind output");
        assertThat(map.get("port").asInt()).isEqualTo(5432);
        assertThat(map.get("hosts").size()).isEqualTo(2);
        assertThat(ContractYaml.parseStringMap(bytes("PGHOST: 127.0.0.1\nPGPORT: 5432\n"), "setup output"))
                .containsEntry("PGHOST", "127.0.0.1").containsEntry("PGPORT", "5432");
    }

    @Test
    void refusesMalformedAndNonMapOutputWithoutEchoingIt() {
        assertThatThrownBy(() -> ContractYaml.parseMap(bytes("username: [sekrit-unclosed\n"), "bind output"))
                .hasMessageStartingWith("bind output is not well-formed YAML at line")
                .hasMessageNotContaining("sekrit");
        assertThatThrownBy(() -> ContractYaml.parseMap(bytes(""), "bind output"))
                .hasMessage("bind output printed no YAML map");
        assertThatThrownBy(() -> ContractYaml.parseMap(bytes("- a\n- b\n"), "bind output"))
                .hasMessage("bind output printed no YAML map");
        assertThatThrownBy(() -> ContractYaml.parseMap(bytes("a: 1\na: 2\n"), "bind output"))
                .isInstanceOf(ContractYaml.ContractYamlException.class);
        assertThatThrownBy(() -> ContractYaml.parseStringMap(bytes("PATH: [x]\n"), "setup output"))
                .hasMessage("setup output: PATH is not a scalar");
        assertThatThrownBy(() -> ContractYaml.parseStringMap(bytes("'bad name': x\n"), "setup output"))
                .hasMessage("setup output: a key is not a variable name");
    }

    @Test
    void boundsAliasesNestingAndSize() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }
        // aliases are never expanded: each reads as its anchor's name, so the "laughs" stay small
        ObjectNode laughs = ContractYaml.parseMap(bytes(bomb.toString()), "bind output");
        assertThat(laughs.get("j").toString()).isEqualTo("[\"i\",\"i\",\"i\",\"i\",\"i\"]");
        assertThatThrownBy(() -> ContractYaml.parseMap(bytes("a: " + "[".repeat(100) + "]".repeat(100)), "x"))
                .isInstanceOf(ContractYaml.ContractYamlException.class);
        assertThatThrownBy(() -> ContractYaml.parseMap(new byte[ContractYaml.MAX_BYTES + 1], "x"))
                .hasMessageContaining("larger than");
    }
}
