package com.example.whatsapp.optin.consent;

/**
 * A message matched {@code keyword}, spelled as configured.
 *
 * @param language the code of the language pack the keyword came from; null for the business's own
 *                 keywords and the built-in ones (which win over a pack word that normalizes alike)
 */
public record KeywordMatch(KeywordKind kind, String keyword, String language) {

    public KeywordMatch(Direction direction, String keyword, String language) {
        this(KeywordKind.of(direction), keyword, language);
    }

    public KeywordMatch(Direction direction, String keyword) {
        this(direction, keyword, null);
    }

    public KeywordMatch(KeywordKind kind, String keyword) {
        this(kind, keyword, null);
    }

    /** What the match asks for; null for HELP. */
    public Direction direction() {
        return kind.direction();
    }
}
