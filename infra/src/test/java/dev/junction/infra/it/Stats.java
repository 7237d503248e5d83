package dev.junction.infra.it;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a benchmark's samples (nearest rank), without a histogram's rounding. */
final class Stats {

    private Stats() {
    }

    static long percentile(long[] samples, double p) {
        if (samples.length == 0) {
            return 0;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static long percentile(List<Long> samples, double p) {
        return percentile(samples.stream().mapToLong(Long::longValue).toArray(), p);
    }

    static long max(List<Long> samples) {
        return samples.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
