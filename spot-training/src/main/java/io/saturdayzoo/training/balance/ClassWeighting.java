package io.saturdayzoo.training.balance;

import java.util.List;
import java.util.Locale;

/**
 * How a model kind takes class weights, declared by the kind: through one scalar for the positive class
 * (LightGBM's {@code scale_pos_weight}), through a weight per row, or not at all. {@code handSetParams} are the
 * kind's own params that weight classes by hand; a spec asking for {@code class_balance: auto} must not set them too.
 */
public record ClassWeighting(Method method, List<String> handSetParams) {

    public enum Method {
        SCALE_POS_WEIGHT, ROW_WEIGHTS, UNSUPPORTED;

        /** As events and manifests spell it. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ClassWeighting {
        handSetParams = List.copyOf(handSetParams);
    }

    public static final ClassWeighting UNSUPPORTED = new ClassWeighting(Method.UNSUPPORTED, List.of());

    public static ClassWeighting scalePosWeight(String... handSetParams) {
        return new ClassWeighting(Method.SCALE_POS_WEIGHT, List.of(handSetParams));
    }

    public static ClassWeighting rowWeights(String... handSetParams) {
        return new ClassWeighting(Method.ROW_WEIGHTS, List.of(handSetParams));
    }
}
