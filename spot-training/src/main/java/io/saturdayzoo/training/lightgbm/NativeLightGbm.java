package io.saturdayzoo.training.lightgbm;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import io.saturdayzoo.training.data.OffHeap;
import io.saturdayzoo.training.data.Rows;
import io.saturdayzoo.training.kind.Cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.ref.Reference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Properties;

/**
 * Hands the dataset's direct feature buffer to LightGBM's C API by address.
 *
 * <p>WHY: lightgbm4j's {@code createFromMat(float[])} and {@code predictForMat(float[])} copy every value into a
 * native array with one JNI call per value. Passing the address of the buffer the reader parsed into means LightGBM
 * reads the rows in place: no second copy of the table, and any time range of rows is just a pointer offset. The
 * SWIG pointer wrappers have protected constructors, hence the small amount of reflection, kept in this one class.
 */
public final class NativeLightGbm {
    private static final Constructor<LGBMDataset> DATASET;
    private static final Field BOOSTER_HANDLE;
    private static final String NATIVE_LIB_PATH = "LIGHTGBM_NATIVE_LIB_PATH"; // lightgbm4j's override of the folder
    private static final String LIBRARY = System.mapLibraryName("_lightgbm");
    private static boolean loaded;

    static {
        try {
            DATASET = LGBMDataset.class.getDeclaredConstructor(SWIGTYPE_p_void.class);
            DATASET.setAccessible(true);
            BOOSTER_HANDLE = LGBMBooster.class.getDeclaredField("handle");
            BOOSTER_HANDLE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NativeLightGbm() {
    }

    /**
     * Loads lib_lightgbm from the jar (idempotent) and makes sure its functions answer; a failure here, with the
     * dynamic loader's reason (say, a missing libgomp.so.1), is what preflight reports. Call it before any other use
     * of lightgbm4j.
     *
     * <p>WHY the detour: lightgbm4j extracts its libraries to ${java.io.tmpdir}/lib_lightgbm*.so on every load,
     * rewriting the file in place, and rewriting a library that another JVM on the machine has mapped crashes that
     * JVM (SIGBUS): concurrent test forks, local runs and benchmarks hit it. So the first load extracts into a
     * private folder of this process, and the folder is deleted once loaded (the mapping stays valid).
     */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        String shared = System.getProperty("java.io.tmpdir");
        String preset = System.getenv(NATIVE_LIB_PATH);
        Path mine = null;
        try {
            if (preset == null) {
                mine = Files.createTempDirectory("saturday-lightgbm-");
                System.setProperty("java.io.tmpdir", mine.toString());
            }
            LGBMBooster.loadNative(); // its class initialiser runs the extraction, reading java.io.tmpdir now
            requireLinked(mine != null ? mine : Path.of(preset));
            loaded = true;
        } catch (IOException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IllegalStateException("cannot load the LightGBM native library: " + e.getMessage(), e);
        } finally {
            System.setProperty("java.io.tmpdir", shared);
            deleteQuietly(mine);
        }
    }

    /**
     * lightgbm4j catches a failed {@code System.load}, logs a warning and returns as if loaded; the first call into
     * the library is what tells. Its reason is gone by then, so the extracted library is loaded once more to hear it.
     */
    private static void requireLinked(Path extracted) {
        try {
            lightgbmlib.LGBM_GetLastError();
        } catch (UnsatisfiedLinkError notLinked) {
            Path library = extracted.resolve(LIBRARY);
            String reason;
            try {
                System.load(library.toAbsolutePath().toString());
                reason = "its Java binding did not load (" + notLinked.getMessage() + ")";
            } catch (UnsatisfiedLinkError e) {
                reason = String.valueOf(e.getMessage()).replace(library.toAbsolutePath().toString(), LIBRARY);
            }
            throw new IllegalStateException("cannot load the LightGBM native library: " + reason, notLinked);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover folder in tmp is harmless
        }
    }

    /**
     * LightGBM's training set over a range of rows, binned in place from the feature buffer (see
     * {@link SampledTrainingSet} for how, and why not LGBM_DatasetCreateFromMat).
     */
    public static LGBMDataset trainingSet(Rows rows, String params, List<String> featureNames) {
        load();
        ByteBuffer buffer = rows.dataset().featureBuffer();
        LGBMDataset dataset;
        try {
            dataset = wrap(SampledTrainingSet.build(buffer, Math.toIntExact(rows.byteOffset()), rows.count(),
                    rows.dataset().featureCount(), params));
        } finally {
            Reference.reachabilityFence(buffer);
        }
        try {
            setLabels(dataset, rows);
            dataset.setFeatureNames(featureNames.toArray(String[]::new));
            return dataset;
        } catch (LGBMException | RuntimeException e) {
            closeQuietly(dataset, e);
            throw e instanceof LGBMException ? new IllegalStateException("LightGBM: " + e.getMessage(), e)
                    : (RuntimeException) e;
        }
    }

    private static void closeQuietly(LGBMDataset dataset, Exception cause) {
        try {
            dataset.close();
        } catch (LGBMException | RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    /** LightGBM copies the labels it is given; they go by address from a native copy freed at once, not via the heap. */
    private static void setLabels(LGBMDataset dataset, Rows rows) {
        ByteBuffer labels = OffHeap.allocate((long) rows.count() * Float.BYTES);
        try {
            rows.copyLabels(labels.asFloatBuffer());
            setLabels(dataset, labels, rows.count());
        } finally {
            OffHeap.free(labels);
        }
    }

    private static void setLabels(LGBMDataset dataset, ByteBuffer labels, int count) {
        check(lightgbmlib.LGBM_DatasetSetField(dataset.handle, "label",
                pointer(SWIGTYPE_p_void.class, OffHeap.address(labels)), count,
                lightgbmlibConstants.C_API_DTYPE_FLOAT32));
    }

    /**
     * What {@link #probe()} found.
     *
     * @param version LightGBM's version (lightgbm4j's, which carries it, in brackets)
     * @param rows    rows of the dataset LightGBM built and counted back
     * @param threads threads LightGBM built it with: the trainer's default, the processors this JVM may use
     */
    public record Probe(String version, int rows, int threads) {
        @Override
        public String toString() {
            return "LightGBM " + version + " built and freed a dataset of " + rows + " rows; " + threads + " threads";
        }
    }

    /**
     * Loads the library and has it build a tiny training set through the trainer's own path (bin sample, rows pushed
     * by address, labels set), counts its rows and frees it: a missing native dependency fails here, not on Spot.
     */
    public static Probe probe() {
        load();
        int rows = 8;
        int cols = 2;
        int threads = Runtime.getRuntime().availableProcessors();
        ByteBuffer features = OffHeap.allocate((long) rows * cols * Float.BYTES);
        ByteBuffer labels = OffHeap.allocate((long) rows * Float.BYTES);
        SWIGTYPE_p_int counted = lightgbmlib.new_intp();
        try {
            for (int r = 0; r < rows; r++) {
                features.putFloat((r * cols) * Float.BYTES, r);
                features.putFloat((r * cols + 1) * Float.BYTES, r % 3);
                labels.putFloat(r * Float.BYTES, r % 2);
            }
            String params = "verbosity=-1 min_data_in_bin=1 min_data_in_leaf=1 num_threads=" + threads;
            LGBMDataset dataset = wrap(SampledTrainingSet.build(features, 0, rows, cols, params));
            try {
                setLabels(dataset, labels, rows);
                check(lightgbmlib.LGBM_DatasetGetNumData(dataset.handle, counted));
            } catch (RuntimeException e) {
                closeQuietly(dataset, e);
                throw e;
            }
            try {
                dataset.close();
            } catch (LGBMException e) {
                throw new IllegalStateException("LightGBM: " + e.getMessage(), e);
            }
            return new Probe(version(), lightgbmlib.intp_value(counted), threads);
        } finally {
            lightgbmlib.delete_intp(counted);
            OffHeap.free(features);
            OffHeap.free(labels);
        }
    }

    /** lightgbm4j's release numbers are LightGBM's with a build suffix: 4.3.0-1 bundles LightGBM 4.3.0. */
    private static String version() {
        Properties pom = new Properties();
        try (var in = LGBMBooster.class.getResourceAsStream(
                "/META-INF/maven/io.github.metarank/lightgbm4j/pom.properties")) {
            if (in == null) {
                return "(version unknown)";
            }
            pom.load(in);
        } catch (IOException e) {
            return "(version unknown)";
        }
        String release = pom.getProperty("version", "?");
        return release.replaceFirst("-[^-]+$", "") + " (lightgbm4j " + release + ")";
    }

    /** Every iteration of a model (LightGBM's num_iteration <= 0). */
    public static final int ALL_ITERATIONS = -1;

    /** Predicted probabilities for a range of rows, read in place; results land in a direct buffer, not per value. */
    public static double[] predict(LGBMBooster booster, Rows rows, String params) {
        return predict(booster, rows, lightgbmlibConstants.C_API_PREDICT_NORMAL, ALL_ITERATIONS, params);
    }

    /** Raw scores (log-odds, before the sigmoid) of a range of rows from the model's first {@code iterations}. */
    public static double[] rawScores(LGBMBooster booster, Rows rows, int iterations) {
        return predict(booster, rows, lightgbmlibConstants.C_API_PREDICT_RAW_SCORE, iterations, "");
    }

    /** Puts {@code parent}'s trees in front of {@code booster}'s own (LGBM_BoosterMerge): one model of both. */
    static void mergeInFront(LGBMBooster booster, LGBMBooster parent) {
        try {
            check(lightgbmlib.LGBM_BoosterMerge(handle(booster), handle(parent)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SWIGTYPE_p_void handle(LGBMBooster booster) throws ReflectiveOperationException {
        return lightgbmlib.voidpp_value((SWIGTYPE_p_p_void) BOOSTER_HANDLE.get(booster));
    }

    private static double[] predict(LGBMBooster booster, Rows rows, int predictType, int iterations, String params) {
        int n = rows.count();
        if (n == 0) {
            return new double[0];
        }
        ByteBuffer buffer = rows.dataset().featureBuffer();
        ByteBuffer result = OffHeap.allocate((long) n * Double.BYTES);
        SWIGTYPE_p_long_long length = lightgbmlib.new_int64_tp();
        try {
            int rc = lightgbmlib.LGBM_BoosterPredictForMat(handle(booster),
                    pointer(SWIGTYPE_p_void.class, OffHeap.address(buffer) + rows.byteOffset()),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT32, n, rows.dataset().featureCount(), 1,
                    predictType, 0, iterations, params, length,
                    pointer(SWIGTYPE_p_double.class, OffHeap.address(result)));
            check(rc);
            if (lightgbmlib.int64_tp_value(length) != n) {
                throw new IllegalStateException("LightGBM returned " + lightgbmlib.int64_tp_value(length)
                        + " predictions for " + n + " rows");
            }
            double[] out = new double[n];
            DoubleBuffer view = result.asDoubleBuffer();
            view.get(out);
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            lightgbmlib.delete_int64_tp(length);
            Reference.reachabilityFence(buffer);
            OffHeap.free(result);
        }
    }

    /**
     * Joins LightGBM's socket network of the cluster's machines (LGBM_NetworkInit): it binds this machine's port,
     * connects to every other machine and returns once all are linked. LightGBM keeps the network per thread, so the
     * datasets and boosters of a distributed fit must be made on this thread; they then find each other's bins
     * (LGBM_DatasetCreateFromSampledColumn gathers the bin boundaries every machine found for its part of the
     * features, so all machines bin alike) and grow every tree together (tree_learner=data). Closing the handle
     * leaves the network (LGBM_NetworkFree).
     *
     * <p>LightGBM 4.3.0 gives no bound on a wait for a peer on Linux: its socket timeout is set with an int where
     * POSIX takes a timeval, so the call fails unnoticed (fixed upstream in LightGBM #7137), and a receive from a
     * peer that closed its socket returns 0 bytes, which its receive loop retries forever. The caller must watch its
     * peers itself and end the process when one is gone (distributed.PeerLink does).
     */
    public static AutoCloseable joinNetwork(Cluster cluster) {
        load();
        SWIGTYPE_p_int unused = lightgbmlib.new_intp();
        try {
            // LGBM_NetworkInit logs at LightGBM's default level (to stdout, where the trainer's result goes); any
            // call given "verbosity=-1" quiets this thread's LightGBM log first.
            check(lightgbmlib.LGBM_GetSampleCount(1, "verbosity=-1", unused));
        } finally {
            lightgbmlib.delete_intp(unused);
        }
        int timeoutMinutes = (int) Math.max(1, (cluster.timeout().toSeconds() + 59) / 60);
        check(lightgbmlib.LGBM_NetworkInit(String.join(",", cluster.machines()), cluster.localPort(), timeoutMinutes,
                cluster.size()));
        return () -> check(lightgbmlib.LGBM_NetworkFree());
    }

    /** lightgbm4j's dataset object around a handle made through the C API (its constructor is package-private). */
    static LGBMDataset wrap(SWIGTYPE_p_void handle) {
        try {
            return DATASET.newInstance(handle);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A SWIG pointer wrapper of any type over a native address this JVM owns (SWIG will not free it). */
    static <T> T pointer(Class<T> swigType, long address) {
        try {
            Constructor<T> c = swigType.getDeclaredConstructor(long.class, boolean.class);
            c.setAccessible(true);
            return c.newInstance(address, false);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static void check(int rc) {
        if (rc != 0) {
            throw new IllegalStateException("LightGBM: " + lightgbmlib.LGBM_GetLastError());
        }
    }
}
