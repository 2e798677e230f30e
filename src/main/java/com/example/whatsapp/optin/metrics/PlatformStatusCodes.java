package com.example.whatsapp.optin.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bounded label set of {@code optin_platform_statuses_total{code}}: each error code Meta
 * documents for the Cloud API ("WhatsApp error codes"), plus {@code none} (a status without an
 * error: sent, delivered, read) and {@code other} (a failed status without a readable code, or a
 * code not in the list). A producer cannot grow the set: an unknown code counts as {@code other}.
 */
public final class PlatformStatusCodes {

    public static final String NONE = "none";
    public static final String OTHER = "other";

    /** Meta's documented Cloud API error codes. */
    static final Set<Long> KNOWN = Set.of(
            0L, 1L, 2L, 3L, 4L, 10L, 33L, 100L, 190L, 200L, 368L, 80007L,
            130429L, 130472L, 130497L,
            131000L, 131005L, 131008L, 131009L, 131016L, 131021L, 131026L, 131031L, 131037L, 131042L, 131045L,
            131047L, 131048L, 131049L, 131050L, 131051L, 131052L, 131053L, 131055L, 131056L, 131057L,
            132000L, 132001L, 132005L, 132007L, 132012L, 132015L, 132016L, 132068L, 132069L,
            133000L, 133004L, 133005L, 133006L, 133008L, 133009L, 133010L, 133015L, 133016L,
            134011L, 135000L);

    /** Every label, each registered up front: the known codes in order, then none and other. */
    public static final List<String> LABELS;

    static {
        List<String> labels = new ArrayList<>();
        for (Long code : new TreeSet<>(KNOWN)) {
            labels.add(Long.toString(code));
        }
        labels.add(NONE);
        labels.add(OTHER);
        LABELS = List.copyOf(labels);
    }

    private PlatformStatusCodes() {
    }

    /**
     * The label a status counts under: 131050 when any of its errors has it (the code the service
     * acts on), else its first error's code when known, {@code other} when that code is unknown or
     * a failed status has no code, {@code none} for a status without errors.
     */
    public static String label(boolean failed, List<Long> errorCodes) {
        if (errorCodes.contains(131050L)) {
            return "131050";
        }
        if (errorCodes.isEmpty()) {
            return failed ? OTHER : NONE;
        }
        Long first = errorCodes.get(0);
        return KNOWN.contains(first) ? Long.toString(first) : OTHER;
    }
}
