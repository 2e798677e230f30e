package com.example.whatsapp.optin.consent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract's language packs: the opt-out keywords a business adds by listing a language in its
 * settings. Spelled as the contract's table spells them (NFC); the reported keyword is this spelling.
 */
public final class LanguagePacks {

    private static final Map<String, List<String>> PACKS = table();

    private LanguagePacks() {
    }

    private static Map<String, List<String>> table() {
        Map<String, List<String>> packs = new LinkedHashMap<>();
        packs.put("es", List.of("BAJA", "DETENER", "PARAR", "CANCELAR", "NO MÁS", "NO MAS"));
        packs.put("pt", List.of("PARAR", "SAIR", "CANCELAR", "DESCADASTRAR"));
        packs.put("fr", List.of("ARRÊT", "ARRET", "DÉSABONNER", "DESABONNER"));
        packs.put("de", List.of("STOPP", "ABMELDEN", "ABBESTELLEN"));
        packs.put("hi", List.of("रोकें", "रुकें", "बंद करें", "बंद करो"));
        packs.put("ar", List.of("توقف", "إلغاء", "إيقاف"));
        packs.put("id", List.of("BERHENTI"));
        return Collections.unmodifiableMap(packs);
    }

    /** Every pack, by its code, in the table's order. */
    public static Map<String, List<String>> all() {
        return PACKS;
    }

    /** The codes, in the table's order. */
    public static Set<String> codes() {
        return PACKS.keySet();
    }

    public static boolean exists(String code) {
        return PACKS.containsKey(code);
    }

    /** The pack's opt-out keywords; empty for a code that is no pack. */
    public static List<String> keywords(String code) {
        return PACKS.getOrDefault(code, List.of());
    }
}
