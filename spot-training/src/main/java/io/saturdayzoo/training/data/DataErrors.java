package io.saturdayzoo.training.data;

import java.nio.file.Path;
import java.util.List;

/**
 * How a data error says where it is and what it found, the same for CSV and Parquet: the dataset, the file when the
 * dataset is more than that one file, the column, the data row counted within that file, and the value as found.
 */
final class DataErrors {
    /** A value that is not a decimal number: the rule for missing values is in the message because NA is refused. */
    static final String NOT_A_NUMBER = "is not a number (a missing value is an empty cell or NaN)";
    static final String NOT_FINITE = "is not a finite number";
    static final String OVERFLOWS_FLOAT = "overflows a float";
    static final String NOT_A_TIME = "is not epoch seconds nor an ISO-8601 time";
    /** Longer values and names are cut in messages: an error stays one readable line. */
    private static final int SHOWN_CHARS = 64;
    private static final int SHOWN_COLUMNS = 12;

    private DataErrors() {
    }

    /** "dataset 'S'", or "dataset 'S': file 'F'" when the dataset is not just this one file. */
    static String where(String source, Path file) {
        String name = file.getFileName().toString();
        return "dataset '" + source + "'" + (source.endsWith(name) ? "" : ": file '" + shown(name) + "'");
    }

    /** A value in a column that cannot be used; {@code row} counts data rows from 1 within the file. */
    static DatasetException badValue(String where, String column, long row, String value, String problem) {
        return new DatasetException(where + ": column '" + shown(column) + "' at data row " + row + ": value '"
                + shown(value) + "' " + problem);
    }

    static DatasetException missing(String where, String column, long row) {
        return new DatasetException(where + ": column '" + shown(column) + "' at data row " + row + " is missing");
    }

    /** Text as a message shows it: characters that do not show escaped as \\uXXXX, long text cut with its length. */
    static String shown(String text) {
        String cut = text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) : text;
        StringBuilder out = new StringBuilder(cut.length() + 24);
        cut.codePoints().forEach(c -> {
            if (ColumnNames.isInvisible(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.length() > SHOWN_CHARS ? out + "... (" + text.length() + " characters)" : out.toString();
    }

    /** A list of column names for a message, the first few of a wide table and how many there are. */
    static String shown(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(names.size(), SHOWN_COLUMNS); i++) {
            out.append(i == 0 ? "" : ", ").append(shown(names.get(i)));
        }
        return names.size() > SHOWN_COLUMNS ? out + ", ... (" + names.size() + " columns)" : out.toString();
    }
}
