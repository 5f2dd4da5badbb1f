package io.saturdayzoo.localstores;

/**
 * Turns the engines' chatter down to WARN (s3proxy and Jetty log at DEBUG/INFO otherwise), for slf4j-simple and
 * logback, without overriding levels the caller has already chosen.
 */
final class QuietLogs {
    private static final String[] NOISY = {"org.gaul", "org.eclipse.jetty", "com.amazonaws", "com.almworks",
            "software.amazon.awssdk", "org.gaul.shaded"};

    private QuietLogs() {
    }

    static synchronized void apply() {
        setIfAbsent("org.eclipse.jetty.LEVEL", "WARN");
        setIfAbsent("org.eclipse.jetty.util.log.announce", "false");
        for (String name : NOISY) {
            // read by slf4j-simple when its first logger is created
            setIfAbsent("org.slf4j.simpleLogger.log." + name, "warn");
        }
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
