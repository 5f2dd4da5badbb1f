package io.saturdayzoo.training.ensemble;

import io.saturdayzoo.training.kind.InvalidSpecException;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The ensemble kinds on the class path, by name. */
public final class EnsembleKinds {
    private final Map<String, EnsembleKind> byName;

    private EnsembleKinds(Map<String, EnsembleKind> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static EnsembleKinds discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    public static EnsembleKinds discover(ClassLoader loader) {
        Map<String, EnsembleKind> found = new TreeMap<>();
        for (EnsembleKind kind : ServiceLoader.load(EnsembleKind.class, loader)) {
            EnsembleKind previous = found.putIfAbsent(kind.name(), kind);
            if (previous != null && previous.getClass() != kind.getClass()) {
                throw new IllegalStateException("two ensemble kinds are named '" + kind.name() + "': "
                        + previous.getClass().getName() + " and " + kind.getClass().getName());
            }
        }
        return new EnsembleKinds(found);
    }

    public Optional<EnsembleKind> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @throws InvalidSpecException naming the spec, the unknown kind and the known ensemble kinds */
    public EnsembleKind require(String specId, String name) {
        return find(name).orElseThrow(() -> new InvalidSpecException("spec '" + specId + "': field 'kind': '" + name
                + "' is not an ensemble kind, and the spec lists bases (ensemble kinds: "
                + String.join(", ", byName.keySet()) + ")"));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public Collection<EnsembleKind> all() {
        return byName.values();
    }
}
