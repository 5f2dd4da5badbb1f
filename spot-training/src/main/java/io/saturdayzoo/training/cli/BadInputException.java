package io.saturdayzoo.training.cli;

/** Input the caller must fix (argument, environment variable, catalog entry): exit code 2. */
class BadInputException extends RuntimeException {
    BadInputException(String message) {
        super(message);
    }
}
