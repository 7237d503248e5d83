package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellTwoSpacesApart() {
        String table = new Table("ID", "STATE", "NOTE").row("i1", "succeeded", "x").row("instance-2", "failed", null).render();
        assertThat(table).isEqualTo("""
                ID          STATE      NOTE
                i1          succeeded  x
                instance-2  failed     -
                """);
    }

    @Test
    void jsonCellsShowTextAsItIsAndMissingAsADash() throws Exception {
        JsonNode node = BrokerClient.JSON.readTree("{\"s\":\"a\",\"n\":3,\"z\":null,\"o\":{\"k\":1}}");
        assertThat(new Table("S", "N", "Z", "M", "O").row(node.path("s"), node.path("n"), node.path("z"),
                node.path("missing"), node.path("o")).render()).endsWith("a  3  -  -  {\"k\":1}\n");
    }

    @Test
    void controlCharactersNeverReachTheTerminalAndLongCellsAreCut() {
        String table = new Table("A").row("red\u001b[31m\nline\rx").row("y".repeat(500)).render();
        assertThat(table).doesNotContain("\u001b").doesNotContain("\r");
        assertThat(table.lines().toList()).hasSize(3);
        assertThat(table.lines().toList().get(1)).isEqualTo("red [31m line x");
        assertThat(table.lines().toList().get(2)).hasSize(Table.MAX_CELL).endsWith("...");
    }

    @Test
    void aRowMustFillEveryColumn() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
