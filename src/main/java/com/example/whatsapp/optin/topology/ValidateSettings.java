package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsReader;
import com.example.whatsapp.optin.settings.SettingsValidator;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Lets only valid settings (and tombstones of valid business ids) through to the valid-settings
 * topic, each marked with the offset it had on the settings topic. Compaction of the settings topic
 * may drop a business's last valid record once an invalid one follows it, but never there, so a
 * fresh instance still finds it. Rejections are logged and counted here, once per fleet.
 */
final class ValidateSettings extends CountingFixedKeyProcessor<String, String> {

    private final SettingsValidator validator;

    ValidateSettings(SettingsValidator validator, ConsentCounters counters) {
        super(counters);
        this.validator = validator;
    }

    @Override
    public void process(FixedKeyRecord<String, String> record) {
        String businessId = record.key();
        if (!ContactIds.isValidBusinessId(businessId)) {
            counters.settingsRejected().increment();
            log.warn("Rejected a settings record at {}: its key is not a valid businessId ({})", RecordPosition.of(context),
                    businessId == null ? "null" : businessId.length() + " characters");
            return;
        }
        if (record.value() == null) {
            forwardWithSequence(record);
            return;
        }
        SettingsValidator.Result result = validator.validate(businessId, record.value());
        if (!result.valid()) {
            counters.settingsRejected().increment();
            log.warn("Rejected settings of business {} at {}; its last valid settings stay in effect: {}",
                    businessId, RecordPosition.of(context), result.problems());
            return;
        }
        forwardWithSequence(record);
    }

    private void forwardWithSequence(FixedKeyRecord<String, String> record) {
        context.recordMetadata().ifPresent(m -> record.headers()
                .remove(SettingsReader.SEQUENCE_HEADER)
                .add(SettingsReader.SEQUENCE_HEADER, SettingsReader.sequenceHeader(m.offset())));
        context.forward(record);
    }
}
