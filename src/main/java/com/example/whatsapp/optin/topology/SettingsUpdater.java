package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.settings.SettingsValidator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global settings store and the in-memory registry the stream threads read in step, on
 * every instance. Its input holds only validated settings; they are parsed again here because a
 * newer version of the service may validate more strictly than the one that wrote them.
 */
final class SettingsUpdater implements Processor<String, String, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(SettingsUpdater.class);

    private final SettingsRegistry registry;
    private final SettingsValidator validator;
    private final ConsentCounters counters;
    private KeyValueStore<String, String> store;

    SettingsUpdater(SettingsRegistry registry, SettingsValidator validator, ConsentCounters counters) {
        this.registry = registry;
        this.validator = validator;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(TopologyNames.SETTINGS_STORE);
        int loaded = 0;
        try (KeyValueIterator<String, String> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (apply(entry.key, entry.value)) {
                    loaded++;
                }
            }
        }
        registry.markLoaded();
        log.info("Settings loaded for {} businesses", loaded);
    }

    @Override
    public void process(Record<String, String> record) {
        String businessId = record.key();
        if (businessId == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(businessId);
            registry.remove(businessId);
            counters.settingsApplied().increment();
            log.info("Settings of business {} removed; it now runs on the defaults", businessId);
        } else if (apply(businessId, record.value())) {
            store.put(businessId, record.value());
            counters.settingsApplied().increment();
            log.info("Settings of business {} applied", businessId);
        }
    }

    private boolean apply(String businessId, String json) {
        SettingsValidator.Result result = validator.validate(businessId, json);
        if (!result.valid()) {
            log.warn("Validated settings of business {} no longer pass validation and are ignored: {}",
                    businessId, result.problems());
            return false;
        }
        registry.put(businessId, result.settings());
        return true;
    }
}
