package io.saturdayzoo.training.kind;

/** A spec the trainer cannot train as written (unknown kind, unknown or mistyped param). Bad input: exit 2. */
public class InvalidSpecException extends RuntimeException {
    public InvalidSpecException(String message) {
        super(message);
    }
}
