package io.saturdayzoo.training.data;

/** The dataset cannot be used as given (missing, empty, malformed, or lacking a named column). Bad input: exit 2. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
