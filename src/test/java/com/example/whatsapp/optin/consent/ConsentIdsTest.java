package com.example.whatsapp.optin.consent;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The outputs' ids stay the name-based UUIDs the JDK makes, so that ids written before still match. */
class ConsentIdsTest {

    @Property(tries = 3000)
    void an_id_is_the_jdks_name_based_uuid_of_its_name(@ForAll byte[] name) {
        assertThat(ConsentIds.nameUuid(name)).isEqualTo(UUID.nameUUIDFromBytes(name));
    }
}
