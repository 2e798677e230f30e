package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.RevocationTier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Contract, "Revocation in the customer's own words": the settings field {@code optOut.reasonableMeans}. */
class ReasonableMeansSettingsTest {

    private static final List<String> BUILT_IN = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");
    private final SettingsValidator validator = new SettingsValidator(BUILT_IN);

    private static String with(String reasonableMeans) {
        return "{\"businessName\":\"Acme\",\"optOut\":{\"reasonableMeans\":" + reasonableMeans + "}}";
    }

    private SettingsValidator.Result fromTopic(String json) {
        return validator.validate("acme", json);
    }

    private SettingsValidator.Result fromPeople(String json) {
        return validator.validate("acme", json, "the path", SettingsValidator.Strictness.PEOPLE);
    }

    @Nested
    @DisplayName("Validation, in both strictnesses")
    class Validation {

        @ParameterizedTest
        @ValueSource(strings = {"OFF", "REVIEW", "AUTO"})
        void each_mode_is_valid_and_read(String mode) {
            assertThat(fromTopic(with("\"" + mode + "\"")).settings().optOut().reasonableMeans().name()).isEqualTo(mode);
            assertThat(fromPeople(with("\"" + mode + "\"")).settings().optOut().reasonableMeans().name()).isEqualTo(mode);
        }

        @Test
        void absent_or_null_means_review() {
            assertThat(fromTopic("{\"businessName\":\"Acme\"}").settings().optOut().reasonableMeans()).isEqualTo(ReasonableMeans.REVIEW);
            assertThat(fromTopic(with("null")).settings().optOut().reasonableMeans()).isEqualTo(ReasonableMeans.REVIEW);
            assertThat(fromPeople("{\"businessName\":\"Acme\",\"optOut\":{}}").settings().optOut().reasonableMeans())
                    .isEqualTo(ReasonableMeans.REVIEW);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"auto\"", "\"ON\"", "\"\"", "true", "1", "[\"AUTO\"]", "{}", "\" AUTO\""})
        void any_other_value_makes_the_settings_invalid_on_the_topic_and_from_a_person(String value) {
            assertThat(fromTopic(with(value)).problems()).singleElement()
                    .satisfies(problem -> assertThat(problem.field()).isEqualTo("optOut.reasonableMeans"));
            assertThat(fromPeople(with(value)).messages()).singleElement().asString().startsWith("optOut.reasonableMeans");
        }

        @Test
        void a_value_in_the_wrong_case_is_named_with_the_right_one() {
            assertThat(fromPeople(with("\"auto\"")).messages())
                    .containsExactly("optOut.reasonableMeans \"auto\" is not one of OFF, REVIEW or AUTO; did you mean AUTO?");
            assertThat(fromPeople(with("\"auto\"")).problems()).singleElement()
                    .satisfies(problem -> assertThat(problem.field()).isEqualTo("optOut.reasonableMeans"));
        }

        @Test
        void a_misspelt_field_name_from_a_person_is_named() {
            assertThat(fromPeople("{\"businessName\":\"Acme\",\"optOut\":{\"reasonableMean\":\"AUTO\"}}").messages())
                    .containsExactly("unknown field optOut.reasonableMean; did you mean optOut.reasonableMeans?");
        }
    }

    @Nested
    @DisplayName("The business's detector")
    class Detector {

        @Test
        void the_mode_of_a_business_without_settings_is_review() {
            assertThat(BusinessSettings.defaults(BUILT_IN).reasonableMeans()).isEqualTo(ReasonableMeans.REVIEW);
        }

        @Test
        void a_business_gets_its_mode_and_a_detector_compiled_once_with_its_settings() {
            BusinessSettings business = BusinessSettings.compile(fromTopic(with("\"AUTO\"")).settings(), BUILT_IN);
            assertThat(business.reasonableMeans()).isEqualTo(ReasonableMeans.AUTO);
            assertThat(business.detector()).isSameAs(business.detector());
            assertThat(business.detector().detect("please stop texting me")).hasValueSatisfying(
                    revocation -> assertThat(revocation.tier()).isEqualTo(RevocationTier.CLEAR));
        }

        @Test
        void an_opt_in_keyword_is_never_flagged_even_with_opt_in_off() {
            String json = "{\"businessName\":\"Acme\",\"optOut\":{\"reasonableMeans\":\"AUTO\"},"
                    + "\"optIn\":{\"enabled\":false,\"keywords\":[\"please stop texting me\"]}}";
            BusinessSettings business = BusinessSettings.compile(fromTopic(json).settings(), BUILT_IN);
            assertThat(business.detector().detect("please stop texting me")).isEmpty();
        }

        @Test
        void the_effective_settings_show_the_mode() {
            BusinessSettings business = BusinessSettings.compile(fromTopic(with("\"OFF\"")).settings(), BUILT_IN);
            assertThat(business.reasonableMeans()).isEqualTo(ReasonableMeans.OFF);
        }
    }
}
