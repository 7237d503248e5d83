package dev.junction.infra.container;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataParserTest {

    static final String STENCIL = """
            tweed: v1
            name: Redis
            version: 2
            infrastructures: [bosh]
            files:
              - {filename: out.yml, summary: s, description: d}
            """;

    static StencilMetadata stencil(String yaml) {
        return MetadataParser.stencil(ContractYaml.parseMap(yaml.getBytes(StandardCharsets.UTF_8), "metadata"));
    }

    static BackendMetadata backend(String yaml) {
        return MetadataParser.backend(ContractYaml.parseMap(yaml.getBytes(StandardCharsets.UTF_8), "metadata"));
    }

    @Test
    void readsAStencilWithoutInputs() {
        StencilMetadata metadata = stencil(STENCIL);
        assertThat(metadata.version()).isEqualTo("2");
        assertThat(metadata.inputs().isEmpty()).isTrue();
        assertThat(metadata.files().get(0).filename()).isEqualTo("out.yml");
    }

    @Test
    void namesTheFieldAStencilGotWrong() {
        assertThatThrownBy(() -> stencil(STENCIL.replace("tweed: v1", "tweed: v2")))
                .hasMessage("\"tweed\" must be \"v1\"");
        assertThatThrownBy(() -> stencil(STENCIL.replace("name: Redis\n", "")))
                .hasMessage("metadata lacks \"name\"");
        assertThatThrownBy(() -> stencil(STENCIL.replace("[bosh]", "[]")))
                .hasMessage("\"infrastructures\" must be a non-empty list of strings");
        assertThatThrownBy(() -> stencil(STENCIL + "  - {filename: ../etc/passwd, summary: s, description: d}\n"))
                .hasMessage("files[1].filename must be a relative path");
        assertThatThrownBy(() -> stencil(STENCIL.replace("out.yml", "/abs")))
                .hasMessage("files[0].filename must be a relative path");
        assertThatThrownBy(() -> stencil(STENCIL.replace("summary: s, ", "")))
                .hasMessage("files[0].summary is missing");
        assertThatThrownBy(() -> stencil(STENCIL + "inputs: {size: 3}\n"))
                .hasMessage("inputs.size must be a JSON Schema object");
        assertThatThrownBy(() -> stencil(STENCIL + "inputs: [a]\n"))
                .hasMessage("\"inputs\" must be a map of input names to JSON Schemas");
        assertThatThrownBy(() -> stencil(STENCIL.replace("name: Redis", "name: [x]")))
                .hasMessage("\"name\" must be a non-empty string");
    }

    @Test
    void readsABackendAndNamesWhatItGotWrong() {
        String good = """
                backend: tweed/v1
                name: B
                version: 1.0.0
                summary: s
                description: d
                copyright: c
                authors: [me]
                """;
        assertThat(backend(good).iconBase64()).isNull();
        assertThatThrownBy(() -> backend(good.replace("tweed/v1", "v1"))).hasMessage("\"backend\" must be \"tweed/v1\"");
        assertThatThrownBy(() -> backend(good.replace("authors: [me]", "authors: me")))
                .hasMessage("\"authors\" must be a list of strings");
        assertThatThrownBy(() -> backend(good + "icon: {base64: '***'}\n")).hasMessage("icon.base64 is not base64");
        assertThatThrownBy(() -> backend(good.replace("copyright: c\n", ""))).hasMessage("metadata lacks \"copyright\"");
    }
}
