package io.saturdayzoo.core.catalog;

import java.util.List;

/** The catalog is unreadable or invalid. Carries every problem found, each naming the spec id and the field. */
public class CatalogException extends RuntimeException {

    private final String source;
    private final List<String> errors;

    public CatalogException(String source, List<String> errors) {
        this(source, errors, null);
    }

    public CatalogException(String source, List<String> errors, Throwable cause) {
        super("invalid zoo catalog " + source + " (" + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                + "):\n" + String.join("\n", errors), cause);
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** Where the catalog came from (file path or classpath resource). */
    public String source() {
        return source;
    }

    /** One message per problem, e.g. "spec 'churn-gbdt': field 'status': unknown value 'archived' (...)". */
    public List<String> errors() {
        return errors;
    }
}
