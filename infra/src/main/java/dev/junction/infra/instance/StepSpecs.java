package dev.junction.infra.instance;

import dev.junction.api.instance.Operation;
import dev.junction.api.instance.ServiceCatalog.Plan;
import dev.junction.infra.config.InstanceSettings;
import dev.junction.infra.container.ContainerSpec;
import dev.junction.infra.container.ContainerSpec.Mount;
import dev.junction.infra.container.ContainerSpec.Network;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The containers of the Tweed contracts as Junction runs them: where each contract path lies under
 * {@code /tweed}, which mounts are read-only, the limits from the settings, and the extras of each
 * infrastructure. Every container gets an ephemeral {@code $HOME} and a read-only root.
 */
public final class StepSpecs {

    static final String HOME = "/tweed/home";
    static final String IN_CONFIG = "/tweed/in-config";
    static final String OUT_CONFIG = "/tweed/out-config";
    static final String CREDSTORE = "/tweed/credstore";
    static final String INPUTS = "/tweed/inputs.json";
    static final String OUTPUTS = "/tweed/outputs";
    static final String BINDING = "/tweed/binding.json";
    static final String DOCKER_SOCKET = "/var/run/docker.sock";
    private static final long HOME_BYTES = 64L << 20;

    private final InstanceSettings settings;
    /** The engine a {@code docker} stencil is given: {@code dockerHost} or the engine Junction itself uses. */
    private final String dockerHost;

    InstanceSettings settings() {
        return settings;
    }

    public StepSpecs(InstanceSettings settings, String engineHost) {
        this.settings = settings;
        this.dockerHost = settings.dockerHost() != null && !settings.dockerHost().isBlank()
                ? settings.dockerHost() : engineHost;
    }

    /** What the stencil container is given besides the contract's own paths. */
    record StencilDirs(Path credstore, Path inputs, Path outputs, Path binding) {
    }

    /** A backend operation ({@code configure}, {@code check}, {@code setup}, {@code teardown}). */
    ContainerSpec backend(BackendDefinition backend, String argument, Path inConfig, Path outConfig, byte[] stdin,
                          Map<String, String> labels) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", HOME);
        List<Mount> mounts = new ArrayList<>();
        if (inConfig != null) {
            env.put("IN_CONFIG", IN_CONFIG);
            mounts.add(new Mount(inConfig, IN_CONFIG, true));
        }
        if (outConfig != null) {
            env.put("OUT_CONFIG", OUT_CONFIG);
            mounts.add(new Mount(outConfig, OUT_CONFIG, false));
        }
        Duration timeout = argument.equals("teardown") ? settings.teardownTimeout() : settings.setupTimeout();
        return spec(backend.image(), argument, env, mounts, stdin, network(backend), timeout, labels);
    }

    ContainerSpec stencil(StepKey key, Operation operation, Plan plan, BackendDefinition backend,
                          Map<String, String> setupEnv, StencilDirs dirs) {
        Map<String, String> env = new LinkedHashMap<>(setupEnv); // the contract's own variables win below
        List<Mount> mounts = new ArrayList<>();
        Network network = network(backend);
        env.put("HOME", HOME);
        env.put("INFRASTRUCTURE", plan.infrastructure());
        env.put("CREDSTORE", CREDSTORE);
        mounts.add(new Mount(dirs.credstore(), CREDSTORE, !operation.writesCredstore()));
        env.put("INPUTS", INPUTS);
        mounts.add(new Mount(dirs.inputs(), INPUTS, true));
        if (dirs.outputs() != null) {
            env.put("OUTPUTS", OUTPUTS);
            mounts.add(new Mount(dirs.outputs(), OUTPUTS, false));
        }
        if (dirs.binding() != null) {
            env.put("BINDING", BINDING);
            mounts.add(new Mount(dirs.binding(), BINDING, true));
        }
        switch (plan.infrastructure() == null ? "" : plan.infrastructure().toLowerCase(Locale.ROOT)) {
            case "docker" -> {
                env.put("DOCKER_HOST", "unix://" + DOCKER_SOCKET);
                mounts.add(new Mount(Path.of(socketPath(dockerHost)), DOCKER_SOCKET, false));
                network = Network.HOST;
            }
            case "kubernetes" -> {
                if (settings.kubeconfig() != null) {
                    mounts.add(new Mount(settings.kubeconfig(), HOME + "/.kube/config", true));
                }
            }
            case "bosh" -> {
                for (String name : List.of("BOSH_ENVIRONMENT", "BOSH_CA_CERT", "BOSH_CLIENT", "BOSH_CLIENT_SECRET")) {
                    String value = settings.bosh().get(name);
                    if (value != null) {
                        env.put(name, value);
                    }
                }
                env.put("BOSH_DEPLOYMENT", boshDeployment(key.instanceId()));
            }
            default -> {
            }
        }
        Map<String, String> labels = new HashMap<>(key.labels());
        labels.put(StepKey.OPERATION, operation.name().toLowerCase(Locale.ROOT));
        return spec(plan.stencilImage(), operation.stencilArgument(), env, mounts, null, network,
                settings.operationTimeout(), labels);
    }

    /** A deployment name BOSH accepts, one per instance. */
    static String boshDeployment(String instanceId) {
        return "junction-" + instanceId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    /** The host path of a {@code unix://} engine address (a TCP engine cannot be mounted: the usual socket). */
    static String socketPath(String host) {
        return host != null && host.startsWith("unix://") ? host.substring("unix://".length()) : DOCKER_SOCKET;
    }

    private static Network network(BackendDefinition backend) {
        return backend.network() == null ? Network.NONE : backend.network();
    }

    private ContainerSpec spec(String image, String argument, Map<String, String> env, List<Mount> mounts,
                               byte[] stdin, Network network, Duration timeout, Map<String, String> labels) {
        return new ContainerSpec(image, argument, env, mounts, Map.of(HOME, HOME_BYTES), stdin, network,
                settings.memory().toBytes(), settings.pids(), true, timeout, labels);
    }
}
