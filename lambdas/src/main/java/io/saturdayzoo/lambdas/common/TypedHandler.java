package io.saturdayzoo.lambdas.common;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * A handler whose payload and answer are records: the payload the Task state builds is read into {@code I} at the
 * boundary ({@link PayloadJson#read}: a missing, mistyped or unknown field fails with {@link InvalidPayload} naming
 * it), and {@code O} is written back as the JSON the state's paths read. The record types are the contract between
 * the definition's Payload and the handler: the state machine tests feed the synthesized payloads through them.
 */
public abstract class TypedHandler<I, O> extends ZooHandler {

    @Override
    protected final Map<String, Object> handle(Payload payload) {
        return PayloadJson.write(answer(PayloadJson.read(payload.asMap(), inputType())));
    }

    /** The handler's work on the typed payload. */
    protected abstract O answer(I request);

    /** The payload's record type: the class's own {@code I}, so it is declared once, in the class header. */
    @SuppressWarnings("unchecked")
    public final Class<I> inputType() {
        return (Class<I>) typeArgument(0);
    }

    /** The answer's record type ({@code O}). */
    @SuppressWarnings("unchecked")
    public final Class<O> outputType() {
        return (Class<O>) typeArgument(1);
    }

    private Class<?> typeArgument(int index) {
        Type type = getClass().getGenericSuperclass();
        while (!(type instanceof ParameterizedType typed && typed.getRawType() == TypedHandler.class)) {
            type = ((Class<?>) type).getGenericSuperclass();
        }
        Type argument = ((ParameterizedType) type).getActualTypeArguments()[index];
        return argument instanceof ParameterizedType generic ? (Class<?>) generic.getRawType() : (Class<?>) argument;
    }
}
