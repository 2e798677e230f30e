package com.example.whatsapp.optin.settings;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Comparator;

/** The known name a mistyped one most resembles, for "did you mean ...?" in every message that offers one. */
public final class ClosestName {

    private ClosestName() {
    }

    /** The candidate nearest to {@code name} in edit distance (ties: the alphabetically first). */
    public static String among(String name, Collection<String> candidates) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return candidates.stream()
                .min(Comparator.<String>comparingInt(candidate -> distance.apply(name, candidate)).thenComparing(c -> c))
                .orElseThrow();
    }

    /** The number of single-character edits between the two. */
    public static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
