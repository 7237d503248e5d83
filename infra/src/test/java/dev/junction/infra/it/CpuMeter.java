package dev.junction.infra.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of the processes a service-instance load runs on, from {@code /proc}: the broker's JVM, its embedded
 * PostgreSQL (the postmaster and its children), the engine's daemons, and the machine as a whole. Processes that
 * live less than a snapshot apart (container shims, runc, the containers) show only in the machine's total.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    record Snapshot(long nanos, Map<String, Map<Long, Long>> ticks, long machineBusy) {
    }

    private final BrokerProcess broker;

    CpuMeter(BrokerProcess broker) {
        this.broker = broker;
    }

    Snapshot snapshot() {
        Map<String, Map<Long, Long>> ticks = new LinkedHashMap<>();
        ticks.put("broker JVM", ticks(List.of(broker.pid())));
        ticks.put("its PostgreSQL", ticks(postgres()));
        ticks.put("dockerd", ticks(named("dockerd")));
        ticks.put("containerd", ticks(named("containerd")));
        return new Snapshot(System.nanoTime(), ticks, machineBusy());
    }

    /** Each group's CPU since {@code before}, in percent of one core (the machine has several). */
    String since(Snapshot before) {
        Snapshot now = snapshot();
        double seconds = (now.nanos() - before.nanos()) / 1e9;
        StringBuilder text = new StringBuilder();
        now.ticks().forEach((name, pids) -> {
            // a process that started within the window counts from zero; one that ended in it is lost
            long used = 0;
            for (Map.Entry<Long, Long> p : pids.entrySet()) {
                used += p.getValue() - before.ticks().get(name).getOrDefault(p.getKey(), 0L);
            }
            text.append(String.format(Locale.ROOT, "%s %.0f %%, ", name, used / TICKS_PER_SECOND / seconds * 100));
        });
        text.append(String.format(Locale.ROOT, "the whole machine %.0f %% of %d00 %% (other users of the machine included)",
                (now.machineBusy() - before.machineBusy()) / TICKS_PER_SECOND / seconds * 100,
                Runtime.getRuntime().availableProcessors()));
        return text.toString();
    }

    private List<Long> postgres() {
        List<Long> pids = new ArrayList<>();
        try {
            long postmaster = Long.parseLong(Files.readAllLines(broker.dataDir().resolve("postgres")
                    .resolve("postmaster.pid")).get(0).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(postmaster);
            handle.ifPresent(h -> {
                pids.add(h.pid());
                h.descendants().forEach(d -> pids.add(d.pid()));
            });
        } catch (IOException | RuntimeException e) {
            // no embedded PostgreSQL (or not yet): nothing to count
        }
        return pids;
    }

    private static List<Long> named(String command) {
        return ProcessHandle.allProcesses().filter(p -> p.info().command()
                .map(c -> c.equals(command) || c.endsWith("/" + command)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    /** utime + stime of each process, as far as they still exist. */
    private static Map<Long, Long> ticks(List<Long> pids) {
        Map<Long, Long> ticks = new LinkedHashMap<>();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            } catch (IOException | RuntimeException e) {
                // exited between listing and reading
            }
        }
        return ticks;
    }

    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return total - Long.parseLong(f[4]) - Long.parseLong(f[5]); // less idle and iowait
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
