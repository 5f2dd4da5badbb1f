package io.saturdayzoo.core.registry;

/** The registry could not complete an operation (store unreachable, unknown version, illegal lifecycle move). */
public class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
