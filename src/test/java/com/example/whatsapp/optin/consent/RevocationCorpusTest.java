package com.example.whatsapp.optin.consent;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The labelled corpus ({@code revocation/corpus.tsv}: label, the business's packs, text) against the
 * contract's bars: CLEAR ones detected CLEAR (opted out in AUTO) at least 90%; POSSIBLE ones
 * detected at all at least 80%; no non-revocation detected CLEAR; non-revocations detected
 * POSSIBLE at most 10%.
 */
class RevocationCorpusTest {

    static final List<String> BUILT_IN = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");
    static final List<String> NEVER_FLAGGED = List.of("START", "YES", "UNSTOP", "HELP", "INFO", "STOP PROMOTIONS");

    record Row(String label, List<String> languages, String text) {
    }

    static List<Row> corpus(String resource) throws IOException {
        try (InputStream in = RevocationCorpusTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", 3);
                assertThat(fields).as(line).hasSize(3);
                List<String> languages = fields[1].equals("-") ? List.of() : Arrays.asList(fields[1].split(","));
                rows.add(new Row(fields[0], languages, fields[2]));
            }
            return rows;
        }
    }

    static RevocationDetector detectorFor(List<String> languages) {
        List<String> keywords = new ArrayList<>(BUILT_IN);
        languages.forEach(code -> keywords.addAll(LanguagePacks.keywords(code)));
        return RevocationDetector.of(languages, keywords, NEVER_FLAGGED);
    }

    @Test
    @DisplayName("the corpus meets the bars: clear >= 90% CLEAR, possible >= 80% flagged, no non-revocation CLEAR, <= 10% of them POSSIBLE")
    void the_corpus_meets_the_bars() throws IOException {
        List<Row> rows = corpus("/revocation/corpus.tsv");
        int clear = 0, clearAsClear = 0, possible = 0, possibleFlagged = 0, none = 0, noneAsClear = 0, noneAsPossible = 0;
        List<String> misses = new ArrayList<>();
        for (Row row : rows) {
            Optional<Revocation> found = detectorFor(row.languages()).detect(row.text());
            String got = found.map(r -> r.tier().name() + " " + r.rule()).orElse("nothing");
            switch (row.label()) {
                case "CLEAR" -> {
                    clear++;
                    if (found.filter(r -> r.tier() == RevocationTier.CLEAR).isPresent()) {
                        clearAsClear++;
                    } else {
                        misses.add("CLEAR    -> " + got + ": " + row.text());
                    }
                }
                case "POSSIBLE" -> {
                    possible++;
                    if (found.isPresent()) {
                        possibleFlagged++;
                    } else {
                        misses.add("POSSIBLE -> nothing: " + row.text());
                    }
                }
                case "NONE" -> {
                    none++;
                    if (found.filter(r -> r.tier() == RevocationTier.CLEAR).isPresent()) {
                        noneAsClear++;
                        misses.add("NONE     -> " + got + ": " + row.text());
                    } else if (found.isPresent()) {
                        noneAsPossible++;
                        misses.add("NONE     -> " + got + ": " + row.text());
                    }
                }
                default -> throw new AssertionError("unknown label " + row.label());
            }
        }
        System.out.printf("revocation corpus: %d messages; CLEAR detected CLEAR %d/%d (%.1f%%); POSSIBLE flagged %d/%d (%.1f%%);"
                        + " non-revocations CLEAR %d/%d, POSSIBLE %d/%d (%.1f%%)%n",
                rows.size(), clearAsClear, clear, 100.0 * clearAsClear / clear, possibleFlagged, possible,
                100.0 * possibleFlagged / possible, noneAsClear, none, noneAsPossible, none, 100.0 * noneAsPossible / none);
        misses.forEach(m -> System.out.println("  " + m));

        assertThat(rows).hasSizeGreaterThanOrEqualTo(300);
        assertThat(100.0 * clearAsClear / clear).as("CLEAR ones detected CLEAR, %").isGreaterThanOrEqualTo(90.0);
        assertThat(100.0 * possibleFlagged / possible).as("POSSIBLE ones flagged, %").isGreaterThanOrEqualTo(80.0);
        assertThat(noneAsClear).as("non-revocations detected CLEAR").isZero();
        assertThat(100.0 * noneAsPossible / none).as("non-revocations detected POSSIBLE, %").isLessThanOrEqualTo(10.0);
    }

    @Test
    void the_corpus_covers_every_pack_language_and_has_tricky_non_revocations() throws IOException {
        List<Row> rows = corpus("/revocation/corpus.tsv");
        for (String code : LanguagePacks.codes()) {
            assertThat(rows).as("rows in " + code).filteredOn(r -> r.languages().contains(code))
                    .extracting(Row::label).contains("CLEAR", "POSSIBLE", "NONE");
        }
        assertThat(rows).filteredOn(r -> r.label().equals("NONE")).hasSizeGreaterThanOrEqualTo(40);
    }
}
