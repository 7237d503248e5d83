package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.instance.Operation;
import dev.junction.api.instance.ServiceCatalog.Plan;
import dev.junction.api.instance.StepOutcome;
import dev.junction.infra.config.InstanceSettings;
import dev.junction.infra.container.ContainerResult;
import dev.junction.infra.container.ContainerSpec;
import dev.junction.infra.container.ContractYaml;
import dev.junction.infra.instance.StepWork.StepRefused;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The stencil container of a task: its {@code $CREDSTORE} restored from the instance's sealed copy before
 * and kept again after (when the operation may write it), {@code $INPUTS} and {@code $BINDING} as read-only
 * files, and what it leaves: the files of {@code $OUTPUTS} or the credentials a {@code bind} prints.
 */
final class StencilStep {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_OUTPUT_FILES = 100;

    private final StepSpecs specs;
    private final TaskSetups setups;
    private final InstanceStore store;
    private final InstanceKeys keys;
    private final InstanceSettings settings;

    StencilStep(StepSpecs specs, TaskSetups setups, InstanceStore store, InstanceKeys keys,
                InstanceSettings settings) {
        this.specs = specs;
        this.setups = setups;
        this.store = store;
        this.keys = keys;
        this.settings = settings;
    }

    StepOutcome run(StepWork work, StepKey key, InstanceContext.Task task, Plan plan, BackendDefinition backend,
                    InstanceContext context, Path dir, Optional<String> running) throws StepRefused, IOException {
        Operation operation = task.operation();
        Map<String, String> setupEnv = setups.find(key.instanceId(), key.task())
                .orElseThrow(() -> new StepRefused(-1, "the task's setup is not kept: the stencil cannot run"))
                .env();
        long credstoreBytes = settings.credstoreSize().toBytes();
        StepSpecs.StencilDirs dirs = new StepSpecs.StencilDirs(dir.resolve("credstore"), dir.resolve("inputs.json"),
                StepWork.writesOutputs(operation) ? dir.resolve("outputs") : null,
                operation == Operation.UNBIND ? dir.resolve("binding.json") : null);
        Credstore credstore = running.isPresent() ? Credstore.reopen(dirs.credstore(), credstoreBytes)
                : prepare(key, task, context, dir, dirs, credstoreBytes);
        try {
            ContainerSpec spec = specs.stencil(key, operation, plan, backend, setupEnv, dirs);
            boolean bind = operation == Operation.BIND;
            ContainerResult result = work.start(key, spec, running, !bind, true);
            String name = operation.stencilArgument();
            if (operation.writesCredstore()) {
                if (!credstore.present()) {
                    throw new StepRefused(-1, "the $CREDSTORE was lost while the broker was down");
                }
                if (credstore.exceeded()) {
                    return StepOutcome.failure(-1, name + " stored more than " + credstoreBytes
                            + " bytes in $CREDSTORE");
                }
                // kept whatever the outcome: a failed provision may have made what a deprovision must find
                store.storeCredstore(key.instanceId(), credstore.pack());
            }
            if (!result.succeeded()) {
                return StepOutcome.failure(result.timedOut() ? -1 : result.exitCode(), StepReasons.of(name, result));
            }
            if (bind) {
                return bound(key, result);
            }
            if (dirs.outputs() != null) {
                Map<String, byte[]> files = outputs(dirs.outputs());
                store.storeOutputs(key.instanceId(), key.task(), files);
                return new StepOutcome(true, result.exitCode(), null, null, files.keySet().stream().toList());
            }
            return StepOutcome.success(result.exitCode());
        } catch (DirArchive.RefusedException e) {
            return StepOutcome.failure(-1, "what the stencil left is refused: " + e.getMessage());
        } finally {
            credstore.close();
            DirArchive.delete(dir);
        }
    }

    /** Lays out the step's directory and restores the credential store into it. */
    private Credstore prepare(StepKey key, InstanceContext.Task task, InstanceContext context, Path dir,
                              StepSpecs.StencilDirs dirs, long credstoreBytes) throws StepRefused, IOException {
        if (keys.destroyed(key.instanceId())) {
            throw new StepRefused(-1, "the instance is purged: its secrets are gone");
        }
        String binding = null;
        if (dirs.binding() != null) {
            String sealed = context.credentials(task.bindingId()).orElseThrow(() -> new StepRefused(-1,
                    "binding " + task.bindingId() + " has no stored credentials"));
            binding = keys.open(key.instanceId(), sealed).orElseThrow(() -> new StepRefused(-1,
                    "binding " + task.bindingId() + "'s credentials cannot be opened"));
        }
        DirArchive.delete(dir);
        Files.createDirectories(dir);
        Credstore credstore = Credstore.create(dirs.credstore(), credstoreBytes);
        try {
            Optional<byte[]> kept = store.credstore(key.instanceId());
            if (kept.isPresent()) {
                DirArchive.unpack(kept.get(), credstore.path(), credstoreBytes);
            }
            StepWork.writeJson(dirs.inputs(), task.inputs() == null ? JSON.createObjectNode() : task.inputs());
            if (dirs.outputs() != null) {
                WorkDirs.writable(dirs.outputs());
            }
            if (binding != null) {
                Files.writeString(dirs.binding(), binding);
            }
            return credstore;
        } catch (IOException | RuntimeException e) {
            credstore.close();
            throw e;
        }
    }

    private StepOutcome bound(StepKey key, ContainerResult result) {
        if (result.truncated()) {
            return StepOutcome.failure(result.exitCode(), "the bind output is larger than the output cap");
        }
        ObjectNode credentials;
        try {
            credentials = ContractYaml.parseMap(result.stdout(), "the bind output");
        } catch (IllegalArgumentException e) {
            return StepOutcome.failure(result.exitCode(), e.getMessage());
        }
        String sealed = keys.sealText(key.instanceId(), credentials.toString());
        return new StepOutcome(true, result.exitCode(), null, sealed, java.util.List.of(),
                dev.junction.api.instance.BindLifetime.expiresAt(credentials, java.time.Instant.now()));
    }

    /** The regular files the stencil left in {@code $OUTPUTS}, by their path there, within the output cap. */
    private Map<String, byte[]> outputs(Path outputs) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        long cap = settings.outputCap().toBytes();
        try (Stream<Path> walk = Files.walk(outputs)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // directories are named by their files; links are never followed
                }
                total += Files.size(path);
                if (files.size() >= MAX_OUTPUT_FILES || total > cap) {
                    throw new DirArchive.RefusedException("$OUTPUTS holds more than " + MAX_OUTPUT_FILES
                            + " files or " + cap + " bytes");
                }
                files.put(outputs.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }
}
