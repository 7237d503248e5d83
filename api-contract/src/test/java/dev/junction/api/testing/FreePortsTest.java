package dev.junction.api.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    @Test
    void portsAreUnprivilegedAndFreeForManyServersAtOnce() throws IOException {
        List<ServerSocket> bound = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                int port = FreePorts.port();
                assertThat(port).isBetween(1024, 65535);
                bound.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
            }
        } finally {
            for (ServerSocket socket : bound) {
                socket.close();
            }
        }
    }

    @Test
    void theListenerIsOnLoopback() throws IOException {
        try (ServerSocket listener = FreePorts.listener()) {
            assertThat(listener.getInetAddress().isLoopbackAddress()).isTrue();
            assertThat(listener.getLocalPort()).isPositive();
        }
    }
}
