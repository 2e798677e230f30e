package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.ContactIds;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every business's valid settings in time: each version with the Kafka timestamp of the record
 * that wrote it, so that a message is judged by the settings in effect when it was written,
 * however late either is read. Written by one thread (the settings reader), read by the stream
 * threads without locks.
 *
 * <p>Versions are kept for {@link #RETENTION} behind the newest settings time seen, plus the one
 * that was in effect at that horizon: as long as the settings topics keep their records (their
 * {@code min.compaction.lag.ms}).
 */
public final class SettingsRegistry {

    /** How far back in time a message is judged by the settings of its own time (the contract's "at least 7 days"). */
    public static final Duration RETENTION = Duration.ofDays(7);

    /** What a settings record did to the registry. */
    public enum Outcome {
        /** A new version (settings or a tombstone) now takes effect from the record's time. */
        APPLIED,
        /** The same version was already known (read again, or its copy on the valid-settings topic). */
        KNOWN,
        /** Invalid: it never takes effect. */
        REJECTED
    }

    private final SettingsValidator validator;
    private final BusinessSettings defaults;
    private final Map<String, Versions> byBusiness = new ConcurrentHashMap<>();
    private volatile long settledThrough = Long.MIN_VALUE;
    private long newestVersionTime = Long.MIN_VALUE;

    public SettingsRegistry(List<String> builtInOptOut) {
        this.validator = new SettingsValidator(builtInOptOut);
        this.defaults = BusinessSettings.defaults(validator.builtInOptOut());
    }

    public List<String> builtInOptOut() {
        return validator.builtInOptOut();
    }

    /** The validator every settings record passes, here and wherever settings are written. */
    public SettingsValidator validator() {
        return validator;
    }

    /**
     * Validates and records one settings record.
     *
     * @param json      the record's value; null is a tombstone (the defaults from then on)
     * @param timestamp the record's Kafka timestamp: the version is in effect from then on
     * @param sequence  orders versions of equal timestamp (the record's offset on the settings topic)
     */
    public Outcome apply(String businessId, String json, long timestamp, long sequence) {
        BusinessSettings version = null;
        if (json != null) {
            SettingsValidator.Result result = validator.validate(businessId, json);
            if (!result.valid()) {
                return Outcome.REJECTED;
            }
            version = BusinessSettings.compile(result.settings(), validator.builtInOptOut());
        } else if (!ContactIds.isValidBusinessId(businessId)) {
            return Outcome.REJECTED;
        }
        Versions before = byBusiness.getOrDefault(businessId, Versions.EMPTY);
        Versions after = before.with(timestamp, sequence, version);
        if (after == before) {
            return Outcome.KNOWN;
        }
        byBusiness.put(businessId, after);
        newestVersionTime = Math.max(newestVersionTime, timestamp);
        return Outcome.APPLIED;
    }

    /** The settings a record written at {@code timestamp} is judged by: the newest valid version not after it. */
    public BusinessSettings forBusiness(String businessId, long timestamp) {
        Versions versions = byBusiness.get(businessId);
        if (versions == null) {
            return defaults;
        }
        BusinessSettings settings = versions.asOf(timestamp);
        return settings == null ? defaults : settings;
    }

    /** The business's newest valid settings (or the defaults): what a message written now is judged by. */
    public BusinessSettings forBusiness(String businessId) {
        return forBusiness(businessId, Long.MAX_VALUE);
    }

    /** The business's newest valid settings, empty when it runs on the defaults. */
    public Optional<OptInSettings> configured(String businessId) {
        BusinessSettings settings = forBusiness(businessId);
        return settings == defaults ? Optional.empty() : Optional.of(settings.settings());
    }

    /** The businesses whose newest version is settings of their own (not a tombstone), sorted. */
    public List<String> configuredBusinesses() {
        return byBusiness.keySet().stream().filter(id -> forBusiness(id) != defaults).sorted().toList();
    }

    /**
     * Says that every settings record appended to the settings topics before this wall-clock
     * time has been applied. Never goes back.
     */
    public void settledThrough(long wallClockMillis) {
        if (wallClockMillis > settledThrough) {
            settledThrough = wallClockMillis;
        }
    }

    /** True when every settings record appended before this wall-clock time has been applied. */
    public boolean settled(long wallClockMillis) {
        return settledThrough >= wallClockMillis;
    }

    /** True once the settings topics have been read to their end once. */
    public boolean loaded() {
        return settledThrough != Long.MIN_VALUE;
    }

    public int businesses() {
        return byBusiness.size();
    }

    /**
     * Drops the versions no message within the retention can need: those superseded before {@link #RETENTION}
     * behind the newest settings time, and businesses whose only remaining version is a tombstone.
     */
    public void prune() {
        if (newestVersionTime == Long.MIN_VALUE) {
            return;
        }
        long horizon = newestVersionTime - RETENTION.toMillis();
        byBusiness.replaceAll((businessId, versions) -> versions.since(horizon));
        byBusiness.values().removeIf(Versions::onlyDefaults);
    }

    /**
     * One business's versions, oldest first; immutable, replaced whole on every change.
     *
     * @param pruned older versions were dropped: a message older than the first kept one is judged
     *               by it, never by the defaults, which could have fewer opt-out keywords
     */
    private record Versions(long[] times, long[] sequences, BusinessSettings[] settings, boolean pruned) {

        static final Versions EMPTY = new Versions(new long[0], new long[0], new BusinessSettings[0], false);

        /** The index of the newest version at or before {@code time}, or -1. */
        int floor(long time, long sequence) {
            int low = 0;
            int high = times.length - 1;
            int found = -1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (times[mid] < time || times[mid] == time && sequences[mid] <= sequence) {
                    found = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return found;
        }

        BusinessSettings asOf(long time) {
            int i = floor(time, Long.MAX_VALUE);
            return i >= 0 ? settings[i] : pruned && settings.length > 0 ? settings[0] : null;
        }

        /** These versions with one more, or this same object when it is already there. */
        Versions with(long time, long sequence, BusinessSettings version) {
            int i = floor(time, sequence);
            if (i >= 0 && times[i] == time && sequences[i] == sequence) {
                return this;
            }
            int at = i + 1;
            int n = times.length;
            long[] t = new long[n + 1];
            long[] s = new long[n + 1];
            BusinessSettings[] v = new BusinessSettings[n + 1];
            System.arraycopy(times, 0, t, 0, at);
            System.arraycopy(sequences, 0, s, 0, at);
            System.arraycopy(settings, 0, v, 0, at);
            t[at] = time;
            s[at] = sequence;
            v[at] = version;
            System.arraycopy(times, at, t, at + 1, n - at);
            System.arraycopy(sequences, at, s, at + 1, n - at);
            System.arraycopy(settings, at, v, at + 1, n - at);
            return new Versions(t, s, v, pruned);
        }

        /** The versions a message written at or after {@code horizon} can be judged by. */
        Versions since(long horizon) {
            int first = Math.max(0, floor(horizon, Long.MAX_VALUE));
            if (first == 0) {
                return this;
            }
            return new Versions(Arrays.copyOfRange(times, first, times.length),
                    Arrays.copyOfRange(sequences, first, sequences.length),
                    Arrays.copyOfRange(settings, first, settings.length), true);
        }

        boolean onlyDefaults() {
            return settings.length == 0 || settings.length == 1 && settings[0] == null;
        }
    }
}
