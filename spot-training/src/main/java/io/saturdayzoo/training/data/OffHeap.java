package io.saturdayzoo.training.data;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct buffers for large, short-lived or native-shared memory: native byte order, their address, and freeing now.
 *
 * <p>WHY: a direct buffer's memory is otherwise returned only when a GC happens to find the buffer unreachable, which
 * in a training run can be never; a scratch area freed at once goes back to the OS. Native code (LightGBM) reads
 * these buffers by address, which the public API does not expose, hence {@code sun.misc.Unsafe}, kept in this class.
 */
public final class OffHeap {
    private static final sun.misc.Unsafe UNSAFE;
    private static final long ADDRESS;

    static {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (sun.misc.Unsafe) f.get(null);
            ADDRESS = UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OffHeap() {
    }

    /** A zeroed direct buffer of {@code bytes}, in native byte order. */
    public static ByteBuffer allocate(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(bytes + " bytes is more than one buffer can hold");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    /** The native address of a direct buffer's first byte (of a slice: the slice's first byte). */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("only a direct buffer has a native address");
        }
        return UNSAFE.getLong(direct, ADDRESS);
    }

    /** Frees a buffer from {@link #allocate} now; it must not be used afterwards. Freeing twice is harmless. */
    public static void free(ByteBuffer direct) {
        UNSAFE.invokeCleaner(direct);
    }
}
