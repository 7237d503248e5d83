package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code files INSTANCE [NAME]}: the {@code $OUTPUTS} files of the latest provision or update, or one of them. */
@Command(name = "files", description = "List the output files of an instance's latest provision or update, or print one.")
final class FilesCommand extends BrokerCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instanceId;

    @Parameters(index = "1", paramLabel = "NAME", arity = "0..1", description = "print this file as it is")
    String name;

    @Override
    int run() {
        String path = "/b/instances/" + BrokerClient.segment(instanceId) + "/files";
        String of = "instance " + Table.oneLine(instanceId, 100);
        if (name == null) {
            JsonNode files = client().getJson(path, "the files of " + of);
            if (json()) {
                printJson(files);
            } else {
                Table table = new Table("NAME");
                files.path("files").forEach(f -> table.row(f));
                print("files of task " + Table.cell(files.path("task")) + ":\n" + table.render());
            }
            return ExitCodes.OK;
        }
        String what = "file " + Table.oneLine(name, 100) + " of " + of;
        try (InputStream in = client().stream(path + "/" + BrokerClient.segment(name), what)) {
            byte[] content = in.readAllBytes();
            if (json()) {
                printJson(document(content));
            } else {
                write(content);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, what + ": the answer broke off");
        }
        return ExitCodes.OK;
    }

    /** The file as JSON: {@code content} when it is UTF-8 text, {@code content_base64} otherwise. */
    private JsonNode document(byte[] content) {
        var node = BrokerClient.JSON.createObjectNode().put("instance_id", instanceId).put("name", name);
        try {
            node.put("content", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString());
        } catch (CharacterCodingException e) {
            node.put("content_base64", Base64.getEncoder().encodeToString(content));
        }
        return node;
    }

    /** The bytes as they are, unless stdout is a terminal: then control bytes (but newlines and tabs) become '?'. */
    private void write(byte[] content) throws IOException {
        out().flush();
        if (terminal().stdoutIsTerminal()) {
            for (int i = 0; i < content.length; i++) {
                byte b = content[i];
                if ((b >= 0 && b < 0x20 && b != '\n' && b != '\t') || b == 0x7f) {
                    content[i] = '?';
                }
            }
        }
        OutputStream raw = terminal().rawOut();
        raw.write(content);
        raw.flush();
    }
}
