package io.saturdayzoo.infra.lambdas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.saturdayzoo.infra.config.ContextValueException;

/**
 * Finds a handler's fully qualified class name by its simple name inside the shaded Lambda jar, so the stack points
 * each function at a class that is really there (the feature package is the lambdas module's choice). Only the jar's
 * entry names are read; no handler code is loaded.
 */
public final class HandlerJar {

    static final String HANDLER_PACKAGE = "io/saturdayzoo/lambdas/";

    private final Path jar;
    private final List<String> classNames;

    private HandlerJar(Path jar, List<String> classNames) {
        this.jar = jar;
        this.classNames = classNames;
    }

    public static HandlerJar open(Path jar) {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(HANDLER_PACKAGE) && name.endsWith(".class") && !name.contains("$")) {
                    names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lambda jar " + jar + " (is it a jar?)", e);
        }
        return new HandlerJar(jar, List.copyOf(names));
    }

    /**
     * The names a Step Functions Catch sees for a handler error class: the simple name (what in-process runs
     * report) and, when the jar holds the class, its fully qualified name (what the Java Lambda runtime reports
     * as errorType in AWS).
     */
    public List<String> errorNames(String simpleClassName) {
        List<String> names = new ArrayList<>();
        names.add(simpleClassName);
        classNames.stream().filter(name -> name.endsWith("." + simpleClassName)).sorted().forEach(names::add);
        return List.copyOf(names);
    }

    /** The Lambda handler string {@code io.saturdayzoo.lambdas.<feature>.<SimpleName>::handleRequest}. */
    public String handlerFor(String simpleClassName) {
        List<String> matches = classNames.stream()
                .filter(name -> name.endsWith("." + simpleClassName))
                .toList();
        if (matches.size() != 1) {
            throw new ContextValueException("Lambda jar " + jar + ": expected exactly one class named "
                    + simpleClassName + " under io.saturdayzoo.lambdas, found " + matches
                    + " (rebuild it with mvn -B package -DskipTests)");
        }
        return matches.get(0) + "::handleRequest";
    }
}
