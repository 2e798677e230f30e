package com.example.whatsapp.optin.consent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContactIdsTest {

    @Test
    void a_leading_plus_spaces_and_dashes_are_removed() {
        assertThat(ContactIds.normalizeContactId("+91 98765-43210")).contains("919876543210");
        assertThat(ContactIds.normalizeContactId(" +1 415-555-0100")).contains("14155550100");
        assertThat(ContactIds.normalizeContactId("919876543210")).contains("919876543210");
    }

    @Test
    void only_5_to_20_digits_are_a_contact_id() {
        assertThat(ContactIds.normalizeContactId("1234")).isEmpty();
        assertThat(ContactIds.normalizeContactId("12345")).contains("12345");
        assertThat(ContactIds.normalizeContactId("1".repeat(20))).isPresent();
        assertThat(ContactIds.normalizeContactId("1".repeat(21))).isEmpty();
        assertThat(ContactIds.normalizeContactId("91+98765")).isEmpty();
        assertThat(ContactIds.normalizeContactId("++9198765")).isEmpty();
        assertThat(ContactIds.normalizeContactId("٩١٩٨٧٦٥٤٣٢١٠")).isEmpty();
        assertThat(ContactIds.normalizeContactId("91987a")).isEmpty();
        assertThat(ContactIds.normalizeContactId(null)).isEmpty();
    }

    @Test
    void business_ids_are_1_to_128_of_the_allowed_characters() {
        assertThat(ContactIds.isValidBusinessId("acme")).isTrue();
        assertThat(ContactIds.isValidBusinessId("Acme_Store-2.eu")).isTrue();
        assertThat(ContactIds.isValidBusinessId("acme:1")).isFalse();
        assertThat(ContactIds.isValidBusinessId("acme store")).isFalse();
        assertThat(ContactIds.isValidBusinessId("")).isFalse();
        assertThat(ContactIds.isValidBusinessId("é")).isFalse();
    }

    @Test
    void masking_keeps_only_the_last_digits() {
        assertThat(ContactIds.mask("919876543210")).isEqualTo("********3210").doesNotContain("9198");
        assertThat(ContactIds.mask("12345")).isEqualTo("****5");
    }
}
