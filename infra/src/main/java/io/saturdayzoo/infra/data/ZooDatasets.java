package io.saturdayzoo.infra.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import io.saturdayzoo.core.catalog.CatalogException;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.infra.config.AssetPaths;
import io.saturdayzoo.infra.config.ContextValueException;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The datasets the zoo's active specs train on, read from the catalog at synth time. The catalog is validated
 * here too, so a broken zoo fails {@code cdk synth} instead of the first Saturday; and the roles that read data
 * (trainer and research jobs, Preflight) get read access to exactly these locations, nothing wider.
 */
public record ZooDatasets(String catalogSource, List<DatasetRef> datasets) {

    public static final String CATALOG_FILE = "zoo/catalog.json";

    /** The checkout's zoo/catalog.json when synthesizing inside it, else the catalog core ships. */
    public static ZooDatasets load(Path workingDirectory) {
        try {
            ZooCatalog catalog = AssetPaths.findRepositoryRoot(workingDirectory)
                    .map(root -> root.resolve(CATALOG_FILE))
                    .filter(Files::isRegularFile)
                    .map(ZooCatalog::load)
                    .orElseGet(ZooCatalog::loadDefault);
            return new ZooDatasets(catalog.source(),
                    catalog.activeSpecs().stream().map(ModelSpec::dataset).toList());
        } catch (CatalogException e) {
            throw new ContextValueException("zoo catalog is invalid:\n  " + String.join("\n  ", e.errors()));
        }
    }

    /**
     * The longest s3:// prefix, ending at a '/', that holds every active dataset (e.g.
     * s3://saturday-zoo-data/datasets/); empty when they span buckets.
     */
    public Optional<String> commonLocation() {
        String common = null;
        for (DatasetRef dataset : datasets) {
            String uri = dataset.uri().endsWith("/") ? dataset.uri() : dataset.uri() + "/";
            if (common == null) {
                common = uri;
            } else {
                int i = 0;
                while (i < Math.min(common.length(), uri.length()) && common.charAt(i) == uri.charAt(i)) {
                    i++;
                }
                common = common.substring(0, i);
            }
        }
        if (common == null) {
            return Optional.empty();
        }
        common = common.substring(0, common.lastIndexOf('/') + 1);
        // "s3://bucket/" is the shortest useful location; anything shorter spans buckets.
        return common.startsWith("s3://") && common.indexOf('/', "s3://".length()) > 0
                ? Optional.of(common) : Optional.empty();
    }

    /**
     * Read access (CDK's bucket read grant) on each dataset prefix to {@code readers}; no write of any kind. The
     * dataset buckets are imported under {@code scope} by name: the stack does not own them.
     */
    public void grantRead(Construct scope, IGrantable... readers) {
        Map<String, IBucket> buckets = new TreeMap<>();
        TreeSet<String> locations = new TreeSet<>();
        for (DatasetRef dataset : datasets) {
            locations.add(dataset.bucket() + "/" + dataset.keyPrefix());
        }
        for (String location : locations) {
            String bucketName = location.substring(0, location.indexOf('/'));
            IBucket bucket = buckets.computeIfAbsent(bucketName,
                    name -> Bucket.fromBucketName(scope, "DatasetBucket-" + name, name));
            for (IGrantable reader : readers) {
                bucket.grantRead(reader, location.substring(bucketName.length() + 1) + "*");
            }
        }
    }
}
