package io.saturdayzoo.training.data;

/**
 * Which columns play which role. Every other column is a numeric feature.
 *
 * @param timeColumn   name of the time column (epoch seconds or ISO-8601), or null when row order is time order
 * @param targetColumn name of the 0/1 label column
 * @param header       whether text files start with a header line; without one, columns are named "0", "1", ...
 */
public record ColumnRoles(String timeColumn, String targetColumn, boolean header) {
    public ColumnRoles {
        if (targetColumn == null || targetColumn.isBlank()) {
            throw new IllegalArgumentException("target column is required");
        }
    }

    public static ColumnRoles of(String timeColumn, String targetColumn) {
        return new ColumnRoles(timeColumn, targetColumn, true);
    }
}
