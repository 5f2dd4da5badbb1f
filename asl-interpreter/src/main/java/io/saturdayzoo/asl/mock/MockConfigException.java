package io.saturdayzoo.asl.mock;

/** A mock configuration that cannot be used; the message names the test case, response or key at fault. */
public final class MockConfigException extends RuntimeException {
    public MockConfigException(String message) {
        super(message);
    }
}
