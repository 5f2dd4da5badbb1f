package io.saturdayzoo.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SaturdaySettingsTest {

    @Test
    void absentKeysTakeTheDocumentedDefaults() {
        SaturdaySettings settings = SaturdaySettings.fromMap(Map.of());

        assertThat(settings.scheduleTimeZone()).isEqualTo("UTC");
        assertThat(settings.schedulesEnabled()).isFalse();
        assertThat(settings.saturdayCron()).isEqualTo("cron(0 6 ? * SAT *)");
        assertThat(settings.fridayCron()).isEqualTo("cron(0 18 ? * FRI *)");
        assertThat(settings.researchCommand()).containsExactly("research", "--execution-id", "{execution_id}");
        assertThat(settings.alertEmail()).isEmpty();
        assertThat(settings.lambdaJar()).isEmpty();
        assertThat(settings.dataMaxAgeHours()).isEqualTo(192);
        assertThat(settings.bucketLifecycle()).isEqualTo(new SaturdaySettings.BucketLifecycle(90, 14, 90));
    }

    @Test
    void bucketLifecycleDaysComeFromContext() {
        SaturdaySettings settings = SaturdaySettings.fromMap(Map.of("runsExpirationDays", "30",
                "checkpointsExpirationDays", 3, "noncurrentVersionExpirationDays", 365.0));

        assertThat(settings.bucketLifecycle()).isEqualTo(new SaturdaySettings.BucketLifecycle(30, 3, 365));
    }

    @Test
    void multiNodeTrainingHasItsOwnCappedCapacityAndDefaultNodeSize() {
        assertThat(SaturdaySettings.fromMap(Map.of()).multiNode()).isEqualTo(new SaturdaySettings.MultiNode(
                List.of("m6i.xlarge", "m6i.2xlarge", "m5.xlarge", "m5.2xlarge", "r6i.xlarge"), 16, 4, 14));
        assertThat(SaturdaySettings.fromMap(Map.of("multiNodeInstanceTypes", "c6i.2xlarge", "multiNodeMaxVcpus", "32",
                "nodeVcpus", 8, "nodeMemoryGib", "15")).multiNode())
                .isEqualTo(new SaturdaySettings.MultiNode(List.of("c6i.2xlarge"), 32, 8, 15));
        // a cap below two default nodes could never start a multi-node job
        assertThatThrownBy(() -> SaturdaySettings.fromMap(Map.of("multiNodeMaxVcpus", 6)))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("multiNodeMaxVcpus").hasMessageContaining("6");
        assertThatThrownBy(() -> SaturdaySettings.fromMap(Map.of("multiNodeInstanceTypes", "M6I.XL")))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("multiNodeInstanceTypes").hasMessageContaining("M6I.XL");
    }

    @Test
    void commandLineStringsAreParsedLikeTypedValues() {
        Map<String, Object> context = new HashMap<>();
        context.put("schedulesEnabled", "TRUE");
        context.put("spotInstanceTypes", "c6i.large, m6i");
        context.put("researchCommand", "[\"research\",\"--execution-id\",\"{execution_id}\",\"--top\",\"20\"]");
        context.put("mapMaxConcurrency", 2.0);
        context.put("alertEmail", "ops@example.com");
        context.put("scheduleTimeZone", "Europe/Paris");

        SaturdaySettings settings = SaturdaySettings.fromMap(context);

        assertThat(settings.schedulesEnabled()).isTrue();
        assertThat(settings.spotInstanceTypes()).containsExactly("c6i.large", "m6i");
        assertThat(settings.researchCommand()).endsWith("--top", "20");
        assertThat(settings.mapMaxConcurrency()).isEqualTo(2);
        assertThat(settings.alertEmail()).contains("ops@example.com");
        assertThat(settings.scheduleTimeZone()).isEqualTo("Europe/Paris");
    }

    @ParameterizedTest
    @CsvSource({"3", "1", "zero"})
    void budgetIsRefusedPointingAtTheCatalogWhichOwnsIt(String value) {
        // the catalog's budget is the default and the execution input's overrides it: a third source would be ignored
        assertThatThrownBy(() -> SaturdaySettings.fromMap(Map.of("budget", value)))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("context 'budget'")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("zoo/catalog.json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "maxVcpus|three|an integer >= 1",
            "maxVcpus|2.5|an integer >= 1",
            "maxVcpus|-4|an integer >= 1",
            "mapMaxConcurrency|0|an integer >= 1",
            "schedulesEnabled|yes|true or false",
            "saturdayCron|0 6 * * SAT|cron expression",
            "fridayCron|cron(0 18 * FRI)|cron expression",
            "scheduleTimeZone|Mars/Olympus|IANA time zone",
            "alertEmail|not-an-address|e-mail address",
            "spotInstanceTypes|m6i.large,,c6i.large|non-empty list",
            "spotInstanceTypes|M6I LARGE|EC2 instance types",
            "researchCommand|{oops|arguments without",
            "dataPrefix|s3:///data/|key prefix inside the zoo bucket",
            "dataPrefix|/datasets/|key prefix inside the zoo bucket",
            "runsExpirationDays|0|an integer >= 1",
            "checkpointsExpirationDays|a week|an integer >= 1",
            "noncurrentVersionExpirationDays|-1|an integer >= 1",
    })
    void badValuesAreRejectedNamingKeyAndValue(String key, String value, String expectation) {
        assertThatThrownBy(() -> SaturdaySettings.fromMap(Map.of(key, value)))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("context '" + key + "'")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(expectation);
    }

    @Test
    void aListWithAnEmptyEntryIsRejected() {
        assertThatThrownBy(() -> SaturdaySettings.fromMap(Map.of("researchCommand", List.of("research", " "))))
                .isInstanceOf(ContextValueException.class)
                .hasMessageContaining("researchCommand");
    }
}
