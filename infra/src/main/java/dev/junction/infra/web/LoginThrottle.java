package dev.junction.infra.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.junction.infra.config.JunctionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Slows down password guessing: after too many failed HTTP Basic attempts within a window, by one
 * client address and user name or by one address across user names, further attempts are refused
 * without a check until a block ends; a failure soon after a block blocks again, twice as long. Only
 * the start of a block is logged, with the count, so a flood of attempts is one line, not one each.
 * Memory is bounded: at most {@code trackedClients} keys, each forgotten once quiet.
 */
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final JunctionProperties.Throttle settings;
    private final Clock clock;
    private final Cache<String, Record> records;

    /** The failures of one key; guarded by its own monitor. */
    private static final class Record {
        int failures;
        int refusedWhileBlocked;
        int blocks;
        Instant windowStart;
        Instant blockedUntil;
    }

    public LoginThrottle(JunctionProperties.Throttle settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Duration quiet = settings.maxBlock().plus(settings.window());
        this.records = Caffeine.newBuilder().maximumSize(settings.trackedClients()).expireAfterAccess(quiet)
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .build();
    }

    /** How long the caller must wait before an attempt is checked again; empty when it may try now. */
    public Optional<Duration> blocked(String address, String user) {
        Instant now = clock.instant();
        Duration longest = null;
        for (String key : new String[] {pairKey(address, user), addressKey(address)}) {
            Record record = records.getIfPresent(key);
            if (record == null) {
                continue;
            }
            synchronized (record) {
                if (record.blockedUntil != null && record.blockedUntil.isAfter(now)) {
                    record.refusedWhileBlocked++;
                    Duration left = Duration.between(now, record.blockedUntil);
                    longest = longest == null || left.compareTo(longest) > 0 ? left : longest;
                }
            }
        }
        return Optional.ofNullable(longest);
    }

    /** Counts a failed attempt; {@code knownUser} says whether the name was the configured one (logged if so). */
    public void failed(String address, String user, boolean knownUser) {
        Instant now = clock.instant();
        String who = "address " + address + (knownUser ? " and user " + user : " and an unknown user name");
        count(pairKey(address, user), settings.maxFailures(), who, now);
        count(addressKey(address), settings.maxFailuresPerAddress(), "address " + address + " across user names",
                now);
    }

    /** A successful attempt forgets the pair's failures. */
    public void succeeded(String address, String user) {
        records.invalidate(pairKey(address, user));
    }

    private void count(String key, int limit, String who, Instant now) {
        Record record = records.get(key, k -> new Record());
        synchronized (record) {
            if (record.blockedUntil != null && record.blockedUntil.isAfter(now)) {
                return; // an attempt checked just before the block started
            }
            boolean soonAfterBlock = record.blockedUntil != null
                    && !now.isAfter(record.blockedUntil.plus(settings.window()));
            if (!soonAfterBlock && (record.windowStart == null
                    || now.isAfter(record.windowStart.plus(settings.window())))) {
                record.failures = 0;
                record.blocks = 0;
                record.windowStart = now;
            }
            record.failures++;
            if (record.failures >= limit || soonAfterBlock) {
                Duration block = blockAfter(record.blocks);
                log.warn("throttling HTTP Basic attempts of {}: {} failed within {} ({} more refused unchecked "
                                + "during the last block); attempts refused for {}", who, record.failures,
                        settings.window(), record.refusedWhileBlocked, block);
                record.blocks++;
                record.failures = 0;
                record.refusedWhileBlocked = 0;
                record.windowStart = now;
                record.blockedUntil = now.plus(block);
            }
        }
    }

    private Duration blockAfter(int blocksBefore) {
        Duration block = settings.initialBlock();
        for (int i = 0; i < blocksBefore && block.compareTo(settings.maxBlock()) < 0; i++) {
            block = block.multipliedBy(2);
        }
        return block.compareTo(settings.maxBlock()) > 0 ? settings.maxBlock() : block;
    }

    /** The user name hashed, so a long one costs no more memory than a short one. */
    private static String pairKey(String address, String user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
            return "u\u0000" + address + "\u0000" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String addressKey(String address) {
        return "a\u0000" + address;
    }
}
