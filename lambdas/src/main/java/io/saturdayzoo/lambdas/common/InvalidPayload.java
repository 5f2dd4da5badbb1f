package io.saturdayzoo.lambdas.common;

/**
 * A handler received a payload it cannot work with (missing or mistyped field, unknown operation). The state
 * machine builds these payloads, so this points at a wiring mistake; the message names the field and the value.
 */
public final class InvalidPayload extends HandlerError {
    public InvalidPayload(String message) {
        super(message);
    }
}
