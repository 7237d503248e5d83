package dev.junction.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for the servers a test starts or listens on; tests never talk beyond 127.0.0.1. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A free loopback port below the kernel's ephemeral range. A port taken from that range (bind to 0)
     * may be handed to another socket before the server binds it, for instance to this JVM's own
     * embedded PostgreSQL or MongoDB-wire server, which bind to 0 while an application starts.
     */
    public static int port() {
        int ephemeralLow = 32768;
        try {
            // not readString: procfs gives the file size as 0, and readString then answers only part of it
            ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep the usual range start
        }
        int low = Math.min(15_000, ephemeralLow / 2);
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(low, ephemeralLow);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port found between " + low + " and " + ephemeralLow);
    }

    /** A socket listening on a free loopback port, for a test that must see who connects. */
    public static ServerSocket listener() {
        try {
            return new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
