package io.saturdayzoo.localstores;

/**
 * Turns the engines' chatter down to WARN. s3proxy brings logback at DEBUG and DynamoDB Local logs via log4j2;
 * both are configured through system properties / their APIs only if the caller has not chosen levels already.
 */
final class QuietLogs {
    private static final String[] NOISY = {"org.gaul", "org.eclipse.jetty", "com.amazonaws", "com.almworks",
            "software.amazon.awssdk", "org.gaul.shaded"};

    private QuietLogs() {
    }

    static synchronized void apply() {
        setIfAbsent("org.eclipse.jetty.LEVEL", "WARN");
        setIfAbsent("org.eclipse.jetty.util.log.announce", "false");
        setIfAbsent("sqlite4java.library.path.quiet", "true");
        quietLogback();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Sets WARN on the noisy loggers when logback is the slf4j binding; a no-op for any other binding. */
    private static void quietLogback() {
        try {
            Class<?> level = Class.forName("ch.qos.logback.classic.Level");
            Object warn = level.getField("WARN").get(null);
            Object factory = org.slf4j.LoggerFactory.getILoggerFactory();
            for (String name : NOISY) {
                Object logger = factory.getClass().getMethod("getLogger", String.class).invoke(factory, name);
                if (level.isInstance(logger.getClass().getMethod("getLevel").invoke(logger)) ) {
                    continue; // someone configured it explicitly
                }
                logger.getClass().getMethod("setLevel", level).invoke(logger, warn);
            }
        } catch (ReflectiveOperationException | LinkageError | ClassCastException notLogback) {
            // another slf4j binding is in charge: it decides the levels
        }
    }
}
