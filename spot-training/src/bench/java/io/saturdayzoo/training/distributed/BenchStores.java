package io.saturdayzoo.training.distributed;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.localstores.EmbeddedStores;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * bench/distributed.sh's object store: the local stores (s3proxy) with one CSV uploaded as a dataset, since a catalog
 * dataset is an s3:// location. Prints the trainer's environment as KEY=VALUE lines, then READY, and serves until its
 * standard input closes. The stores keep their data in the folder given (s3proxy's file-system store): in memory, a
 * 266 MB object would stay in this process's heap for the whole bench.
 *
 * <p>Usage: {@code BenchStores CSV DATA_DIR}; with {@code -} for CSV, the S3 server alone and no dataset (bench/run.sh's
 * job section: the job's checkpoints and outputs go to a server outside the job's process, as on Batch).
 */
public final class BenchStores {
    public static final String DATA_BUCKET = "bench-data";
    public static final String KEY = "datasets/big/part-0000.csv";

    private BenchStores() {
    }

    public static void main(String[] args) throws IOException {
        boolean dataset = !args[0].equals("-");
        Path dataDir = Path.of(args[1]);
        try (EmbeddedStores stores = dataset ? EmbeddedStores.start(dataDir) : EmbeddedStores.startS3Only(dataDir)) {
            Map<String, String> env = ZooEnv.withStores("bench-registry", "bench-bucket", stores.awsEnv());
            env.forEach((k, v) -> System.out.println(k + "=" + v));
            if (dataset) {
                S3Client s3 = AwsClients.s3(env);
                s3.createBucket(b -> b.bucket(DATA_BUCKET));
                s3.putObject(b -> b.bucket(DATA_BUCKET).key(KEY), RequestBody.fromFile(Path.of(args[0])));
                System.out.println("DATASET=s3://" + DATA_BUCKET + "/" + KEY.substring(0, KEY.lastIndexOf('/') + 1));
            }
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the script closes our input
            }
        }
    }
}
