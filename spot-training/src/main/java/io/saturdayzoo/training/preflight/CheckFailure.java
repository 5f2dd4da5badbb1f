package io.saturdayzoo.training.preflight;

/** A failed check told in one short line; the cause keeps the whole story, which goes to the log. */
final class CheckFailure extends RuntimeException {
    /** Longest detail a failed check reports: with its name, a line stays readable in a console or an alert. */
    static final int MAX_DETAIL = 180;

    CheckFailure(String line, Throwable cause) {
        super(line, cause);
    }

    /** A failed check's detail: a CheckFailure's own line, else the error's message on one line, cut short. */
    static String lineOf(Throwable e) {
        if (e instanceof CheckFailure failure) {
            return failure.getMessage();
        }
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        return shorten(message);
    }

    /** Text on one line, cut to {@link #MAX_DETAIL} characters. */
    static String shorten(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", "; ");
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 21) + "... (more in the log)";
    }
}
