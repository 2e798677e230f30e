package com.example.whatsapp.optin.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The effective settings of every business, in memory, for the stream threads to read without a
 * store lookup per message. Written only by the settings updater from the last valid settings.
 */
public final class SettingsRegistry {

    private final List<String> builtInOptOut;
    private final BusinessSettings defaults;
    private final Map<String, BusinessSettings> byBusiness = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public SettingsRegistry(List<String> builtInOptOut) {
        this.builtInOptOut = List.copyOf(builtInOptOut);
        this.defaults = BusinessSettings.defaults(this.builtInOptOut);
    }

    public List<String> builtInOptOut() {
        return builtInOptOut;
    }

    public BusinessSettings forBusiness(String businessId) {
        return byBusiness.getOrDefault(businessId, defaults);
    }

    /** The business's own valid settings, empty when it runs on the defaults. */
    public Optional<OptInSettings> configured(String businessId) {
        BusinessSettings settings = byBusiness.get(businessId);
        return settings == null ? Optional.empty() : Optional.of(settings.settings());
    }

    public void put(String businessId, OptInSettings settings) {
        byBusiness.put(businessId, BusinessSettings.compile(settings, builtInOptOut));
    }

    public void remove(String businessId) {
        byBusiness.remove(businessId);
    }

    public void markLoaded() {
        loaded = true;
    }

    /** True once the settings store has been restored and read. */
    public boolean loaded() {
        return loaded;
    }
}
