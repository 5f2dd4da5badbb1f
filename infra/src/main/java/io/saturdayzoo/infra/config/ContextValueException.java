package io.saturdayzoo.infra.config;

/** A CDK context value that cannot be used; the message names the key, the value and what was expected. */
public final class ContextValueException extends IllegalArgumentException {

    public ContextValueException(String key, Object value, String expected) {
        super("context '" + key + "': invalid value '" + value + "' (expected " + expected + ")");
    }

    public ContextValueException(String message) {
        super(message);
    }
}
