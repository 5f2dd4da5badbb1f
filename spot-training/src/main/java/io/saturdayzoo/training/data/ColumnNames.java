package io.saturdayzoo.training.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules every column name meets, in CSV headers and Parquet schemas alike. A repeated name is refused because
 * roles are given by name: the second copy of the target column would otherwise train as a feature (a perfect one).
 * A name with a character that does not show (control, format such as a zero-width space or a byte order mark,
 * line separators, or U+FFFD from bytes that were not UTF-8) is refused because it cannot be told apart on screen
 * from the name it looks like.
 */
final class ColumnNames {
    private ColumnNames() {
    }

    /** True for characters that do not show as themselves in a name. */
    static boolean isInvisible(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> c == 0xFFFD; // the replacement character: the name's bytes were not valid UTF-8
        };
    }

    /** Each name (as written, before any trimming) holds visible characters only; positions count from 1. */
    static void requireVisible(String where, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int bad = name.codePoints().filter(ColumnNames::isInvisible).findFirst().orElse(-1);
            if (bad >= 0) {
                throw new DatasetException(where + ": column name at position " + (i + 1) + " ('"
                        + DataErrors.shown(name) + "') contains " + String.format("U+%04X", bad) + " ("
                        + Objects.requireNonNullElse(Character.getName(bad), "unnamed") + "): column names must be visible text");
            }
        }
    }

    /** No name appears twice; the message names every position of the first repeated name. */
    static void requireUnique(String where, List<String> names) {
        Map<String, Integer> first = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            Integer earlier = first.putIfAbsent(names.get(i), i);
            if (earlier != null) {
                throw repeated(where, names, names.get(i));
            }
        }
    }

    private static DatasetException repeated(String where, List<String> names, String name) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                at.add(i + 1);
            }
        }
        String last = String.valueOf(at.remove(at.size() - 1));
        return new DatasetException(where + ": column '" + DataErrors.shown(name) + "' appears "
                + (at.size() == 1 ? "twice" : at.size() + 1 + " times") + " (positions "
                + String.join(", ", at.stream().map(String::valueOf).toList()) + " and " + last + ")");
    }
}
