package io.saturdayzoo.training.kind;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The kinds on the class path, by name. */
public final class ModelKinds {
    private final Map<String, ModelKind> byName;

    private ModelKinds(Map<String, ModelKind> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static ModelKinds discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    public static ModelKinds discover(ClassLoader loader) {
        Map<String, ModelKind> found = new TreeMap<>();
        for (ModelKind kind : ServiceLoader.load(ModelKind.class, loader)) {
            ModelKind previous = found.putIfAbsent(kind.name(), kind);
            if (previous != null && previous.getClass() != kind.getClass()) {
                throw new IllegalStateException("two model kinds are named '" + kind.name() + "': "
                        + previous.getClass().getName() + " and " + kind.getClass().getName());
            }
        }
        return new ModelKinds(found);
    }

    public Optional<ModelKind> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @throws InvalidSpecException naming the spec, the unknown kind and the known ones */
    public ModelKind require(String specId, String name) {
        return find(name).orElseThrow(() -> new InvalidSpecException("spec '" + specId + "': field 'kind': unknown "
                + "value '" + name + "' (known kinds: " + String.join(", ", byName.keySet()) + ")"));
    }

    public java.util.Set<String> names() {
        return byName.keySet();
    }

    /** Every kind, by name. */
    public Collection<ModelKind> all() {
        return byName.values();
    }
}
