package com.example.whatsapp.optin.consent;

/**
 * The kinds of keyword, in the order they are tried: the first kind that matches any candidate of
 * a message decides. HELP changes no consent; the marketing kinds decide the marketing status.
 */
public enum KeywordKind {
    OPT_OUT(Direction.OPT_OUT, Scope.ALL),
    MARKETING_OPT_OUT(Direction.OPT_OUT, Scope.MARKETING),
    MARKETING_OPT_IN(Direction.OPT_IN, Scope.MARKETING),
    OPT_IN(Direction.OPT_IN, Scope.ALL),
    HELP(null, null);

    private final Direction direction;
    private final Scope scope;

    KeywordKind(Direction direction, Scope scope) {
        this.direction = direction;
        this.scope = scope;
    }

    /** What the kind asks for; null for HELP. */
    public Direction direction() {
        return direction;
    }

    /** The status the kind decides; null for HELP. */
    public Scope scope() {
        return scope;
    }

    static KeywordKind of(Direction direction) {
        return direction == Direction.OPT_OUT ? OPT_OUT : OPT_IN;
    }
}
