package io.saturdayzoo.local.definition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.saturdayzoo.infra.config.AssetPaths;
import io.saturdayzoo.infra.config.CdkJson;
import io.saturdayzoo.infra.data.ZooDatasets;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.regex.Pattern;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Everything a synthesized definition depends on, each as a fingerprint under a name a person understands:
 * {@value #CODE} (every class path entry synthesis can load: the infra and core modules, CDK, cdk-nag and the
 * rest; a released jar by name and size, the project's own by content), {@value #CATALOG} (the zoo catalog the CDK app reads) and {@value #CONTEXT} (cdk.json's feature flags and
 * any extra context). The code commit is not an input: the definition names the Batch job definition, whose
 * environment (not the definition) carries the commit.
 *
 * @param fingerprints by input name; {@value #CODE} holds one fingerprint per class path entry, so a change can be
 *                     named down to the jar
 */
public record DefinitionInputs(Map<String, Map<String, String>> fingerprints) {
    public static final String CODE = "code";
    public static final String CATALOG = "catalog";
    public static final String CONTEXT = "CDK context";

    /** name-1.2.3.jar, name-1.2.3-classifier.jar: a released version (a -SNAPSHOT is rebuilt under one name). */
    private static final Pattern RELEASE_JAR = Pattern.compile("(?!.*SNAPSHOT).+-\\d+(\\.\\d+)+[^/]*");
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public DefinitionInputs {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        fingerprints.forEach((name, parts) -> copy.put(name, Map.copyOf(parts)));
        fingerprints = Map.copyOf(copy);
    }

    /**
     * The inputs of an in-process synthesis from {@code workingDirectory} (as {@link SaturdayDefinitionSource} runs
     * it) with {@code extraContext} over cdk.json's.
     */
    public static DefinitionInputs of(Path workingDirectory, Map<String, Object> extraContext) {
        Map<String, Object> context = new TreeMap<>(CdkJson.context(workingDirectory));
        context.putAll(extraContext);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        out.put(CODE, classPath());
        out.put(CATALOG, Map.of(ZooDatasets.CATALOG_FILE, catalogFingerprint(workingDirectory)));
        out.put(CONTEXT, Map.of("context", sha256(canonicalJson(context))));
        return new DefinitionInputs(out);
    }

    /**
     * What changed from {@code before} to these inputs, one phrase per input ("catalog changed", "code changed
     * (infra-0.1.0-SNAPSHOT.jar)"); empty when nothing did.
     */
    public List<String> changesSince(DefinitionInputs before) {
        List<String> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(List.of(CODE, CATALOG, CONTEXT));
        names.addAll(fingerprints.keySet());
        names.addAll(before.fingerprints.keySet());
        for (String name : names) {
            Map<String, String> now = fingerprints.getOrDefault(name, Map.of());
            Map<String, String> then = before.fingerprints.getOrDefault(name, Map.of());
            if (now.equals(then)) {
                continue;
            }
            Set<String> parts = new java.util.TreeSet<>();
            now.forEach((part, value) -> {
                if (!value.equals(then.get(part))) {
                    parts.add(part);
                }
            });
            then.keySet().stream().filter(part -> !now.containsKey(part)).forEach(parts::add);
            out.add(name + " changed" + (CODE.equals(name) ? " (" + summary(parts) + ")" : ""));
        }
        return out;
    }

    private static String summary(Set<String> parts) {
        List<String> list = new ArrayList<>(parts);
        return list.size() <= 3 ? String.join(", ", list)
                : String.join(", ", list.subList(0, 3)) + " and " + (list.size() - 3) + " more";
    }

    /** The catalog the CDK app reads: the checkout's zoo/catalog.json, else the copy inside core (a CODE input). */
    private static String catalogFingerprint(Path workingDirectory) {
        return AssetPaths.findRepositoryRoot(workingDirectory)
                .map(root -> root.resolve(ZooDatasets.CATALOG_FILE))
                .filter(Files::isRegularFile)
                .map(file -> {
                    try {
                        return sha256(Files.readAllBytes(file));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + file, e);
                    }
                })
                .orElse("bundled");
    }

    /**
     * One fingerprint per class path entry (a jar's Class-Path manifest followed, as the saturday jar and surefire
     * use it), from content only: a jar by its entries' names, sizes and CRCs (its central directory: no
     * decompression, no timestamps, so a rebuild of unchanged code keeps it), a folder by its files' bytes.
     */
    static Map<String, String> classPath() {
        return classPath(System.getProperty("java.class.path"));
    }

    static Map<String, String> classPath(String classPath) {
        Map<String, String> out = new TreeMap<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                collect(Path.of(entry).toAbsolutePath().normalize(), seen);
            }
        }
        for (Path entry : seen) {
            String name = entry.getFileName().toString();
            String key = out.containsKey(name) ? entry.toString() : name;
            out.put(key, Files.isDirectory(entry) ? folderFingerprint(entry)
                    : RELEASE_JAR.matcher(name).matches() ? releaseFingerprint(entry) : jarFingerprint(entry));
        }
        return out;
    }

    private static void collect(Path entry, Set<Path> seen) {
        if (!Files.exists(entry) || !seen.add(entry) || Files.isDirectory(entry)) {
            return;
        }
        // A released jar's own Class-Path names its distribution's layout, not ours: DynamoDB Local's "." would
        // make the whole lib folder an entry, read byte by byte on every run.
        if (RELEASE_JAR.matcher(entry.getFileName().toString()).matches()) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            var manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return;
            }
            URI base = entry.getParent().toUri();
            for (String ref : classPath.trim().split("\\s+")) {
                if (!ref.isEmpty()) {
                    collect(Path.of(base.resolve(ref)).toAbsolutePath().normalize(), seen);
                }
            }
        } catch (IOException | IllegalArgumentException notAJar) {
            // not a jar (or a manifest reference that is no file): fingerprinted by bytes below
        }
    }

    /** A released artifact's version names immutable content: its name (the key) and size say enough. */
    private static String releaseFingerprint(Path jar) {
        try {
            return "size " + Files.size(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path entry " + jar, e);
        }
    }

    private static String jarFingerprint(Path jar) {
        MessageDigest digest = sha256();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                digest.update((entry.getName() + '\0' + entry.getSize() + '\0' + entry.getCrc() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException notAJar) {
            try {
                digest.update(Files.readAllBytes(jar));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read class path entry " + jar, e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String folderFingerprint(Path folder) {
        MessageDigest digest = sha256();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update((folder.relativize(file) + "\0").getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path folder " + folder, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String canonicalJson(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
