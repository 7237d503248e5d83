package dev.junction.infra.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs contract containers on a Docker engine (its API over a unix socket or TCP). Each run creates a
 * container locked down as {@link DockerContainerSpecs} says, attaches to its output before starting it, feeds
 * stdin once when asked, waits up to the spec's timeout (then kills it) and always removes it. Streams run on
 * docker-java's own callback threads, which end with the stream: closing a callback ends its thread.
 *
 * <p>An engine that does not answer or refuses a request surfaces as {@link ContainerEngineException}; an
 * image the engine does not have as {@link InvalidImageException}.
 */
public final class DockerContainerRuntime implements ContainerRuntime, AutoCloseable {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    private static final long STREAM_SETTLE_MILLIS = 5_000;

    private final String host;
    private final long outputCap;
    private final DockerClient docker;
    private final DockerClient pinger;

    /** @param host the engine address ({@code unix://…} or {@code tcp://…}); null: {@link #defaultHost()} */
    public DockerContainerRuntime(String host, long outputCapBytes) {
        if (outputCapBytes <= 0) {
            throw new IllegalArgumentException("output cap must be positive");
        }
        this.host = host == null || host.isBlank() ? defaultHost() : host;
        this.outputCap = outputCapBytes;
        this.docker = client(this.host, null);
        this.pinger = client(this.host, Duration.ofSeconds(3));
    }

    /** {@code DOCKER_HOST} when set, else the engine's usual unix socket. */
    public static String defaultHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? DEFAULT_HOST : env;
    }

    private static DockerClient client(String host, Duration timeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5));
        if (timeout != null) {
            http.responseTimeout(timeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    public String host() {
        return host;
    }

    @Override
    public ContainerResult run(ContainerSpec spec, LogSink sink) {
        String id = engine("create a container of " + spec.image(), () -> create(spec));
        OutputCollector out = new OutputCollector(outputCap, sink);
        StdinFeeder stdin = null;
        try {
            engine("attach to " + spec.image(), () -> docker.attachContainerCmd(id).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).exec(out));
            awaitStarted(out);
            if (spec.stdin() != null) {
                stdin = feeder(id);
            }
            engine("start " + spec.image(), () -> docker.startContainerCmd(id).exec());
            if (stdin != null) {
                feed(stdin, spec.stdin());
            }
            return finish(id, spec.timeout(), out);
        } finally {
            closeQuietly(out);
            if (stdin != null) {
                closeQuietly(stdin);
            }
            remove(id);
        }
    }

    private StdinFeeder feeder(String id) {
        try {
            return StdinFeeder.attach(host, id);
        } catch (IOException e) {
            throw new ContainerEngineException("container engine at " + host + ": could not attach stdin", e);
        }
    }

    private static void feed(StdinFeeder stdin, byte[] bytes) {
        try {
            stdin.feed(bytes);
        } catch (IOException e) {
            // the container exited or closed its stdin before reading it all: its exit code tells
        }
    }

    private String create(ContainerSpec spec) {
        boolean stdin = spec.stdin() != null;
        try {
            return docker.createContainerCmd(spec.image())
                    .withCmd(spec.argument())
                    .withEnv(DockerContainerSpecs.env(spec.env()))
                    .withLabels(spec.labels())
                    .withHostConfig(DockerContainerSpecs.hostConfig(spec, outputCap))
                    .withAttachStdin(stdin).withStdinOpen(stdin).withStdInOnce(stdin)
                    .withAttachStdout(true).withAttachStderr(true).withTty(false)
                    .exec().getId();
        } catch (NotFoundException e) {
            throw new InvalidImageException("image " + spec.image() + " is not on the container engine", e);
        }
    }

    @Override
    public List<String> find(Map<String, String> labels) {
        return engine("list containers", () -> docker.listContainersCmd().withShowAll(true).withLabelFilter(labels)
                .exec().stream().map(Container::getId).toList());
    }

    @Override
    public ContainerResult await(String containerId, Duration timeout, LogSink sink) {
        OutputCollector out = new OutputCollector(outputCap, sink);
        try {
            // the logs stream replays what the container printed so far, then follows it until it exits
            engine("follow container " + containerId, () -> docker.logContainerCmd(containerId).withStdOut(true)
                    .withStdErr(true).withFollowStream(true).withTailAll().exec(out));
            awaitStarted(out);
            return finish(containerId, timeout, out);
        } finally {
            closeQuietly(out);
            remove(containerId);
        }
    }

    /** The engine's id of an image, which changes when a tag is moved to other content. */
    @Override
    public String imageId(String image) {
        try {
            return engine("inspect image " + image, () -> docker.inspectImageCmd(image).exec().getId());
        } catch (ContainerEngineException e) {
            if (e.getCause() instanceof NotFoundException) {
                throw new InvalidImageException("image " + image + " is not on the container engine", e);
            }
            throw e;
        }
    }

    @Override
    public boolean available() {
        try {
            pinger.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private ContainerResult finish(String id, Duration timeout, OutputCollector out) {
        long deadline = System.nanoTime() + timeout.toNanos();
        WaitContainerResultCallback wait = engine("wait for container", () ->
                docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()));
        try {
            Integer code = wait.awaitStatusCode(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            out.awaitEnd(STREAM_SETTLE_MILLIS);
            return out.result(code == null ? -1 : code, false);
        } catch (RuntimeException e) {
            if (System.nanoTime() - deadline < 0) {
                throw new ContainerEngineException("waiting for a container failed: " + e.getMessage(), e);
            }
            kill(id);
            out.awaitEnd(STREAM_SETTLE_MILLIS);
            return out.result(-1, true);
        } finally {
            closeQuietly(wait);
        }
    }

    private void awaitStarted(OutputCollector out) {
        try {
            if (!out.awaitStarted(30, TimeUnit.SECONDS)) {
                throw new ContainerEngineException("the container engine did not open the output stream", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerEngineException("interrupted while attaching to a container", e);
        }
    }

    private void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (NotFoundException | ConflictException e) {
            // exited on its own meanwhile
        } catch (RuntimeException e) {
            throw new ContainerEngineException("could not kill a timed-out container", e);
        }
    }

    private void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            throw new ContainerEngineException("could not remove container " + id, e);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // closing a finished stream
        }
    }

    private <T> T engine(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidImageException | ContainerEngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContainerEngineException("container engine at " + host + ": could not " + what + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    private void engine(String what, Runnable call) {
        engine(what, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        docker.close();
        pinger.close();
    }
}
