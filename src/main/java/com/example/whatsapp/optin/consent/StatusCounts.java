package com.example.whatsapp.optin.consent;

/**
 * How many of a business's contacts have each status now, in each scope, as the consent changes
 * leave them (a contact never decided in a scope counts in neither of its statuses).
 */
public record StatusCounts(long optedIn, long optedOut, long marketingOptedIn, long marketingOptedOut) {

    public static final StatusCounts ZERO = new StatusCounts(0, 0, 0, 0);

    /** The counts after one change of one contact from {@code previous} to {@code status} in {@code scope}. */
    public StatusCounts change(Scope scope, ConsentStatus previous, ConsentStatus status) {
        long in = 0;
        long out = 0;
        if (previous == ConsentStatus.OPTED_IN) {
            in--;
        } else if (previous == ConsentStatus.OPTED_OUT) {
            out--;
        }
        if (status == ConsentStatus.OPTED_IN) {
            in++;
        } else if (status == ConsentStatus.OPTED_OUT) {
            out++;
        }
        return scope == Scope.MARKETING
                ? new StatusCounts(optedIn, optedOut, marketingOptedIn + in, marketingOptedOut + out)
                : new StatusCounts(optedIn + in, optedOut + out, marketingOptedIn, marketingOptedOut);
    }

    public StatusCounts plus(StatusCounts other) {
        return new StatusCounts(optedIn + other.optedIn, optedOut + other.optedOut,
                marketingOptedIn + other.marketingOptedIn, marketingOptedOut + other.marketingOptedOut);
    }

    /** The count of a status in a scope; UNKNOWN is not counted (0). */
    public long of(Scope scope, ConsentStatus status) {
        boolean marketing = scope == Scope.MARKETING;
        return switch (status) {
            case OPTED_IN -> marketing ? marketingOptedIn : optedIn;
            case OPTED_OUT -> marketing ? marketingOptedOut : optedOut;
            default -> 0;
        };
    }
}
