package io.saturdayzoo.infra.lambdas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerJarTest {

    @TempDir
    Path dir;

    @Test
    void handlerIsFoundByItsSimpleNameInWhateverFeaturePackage() throws IOException {
        Path jar = jar("io/saturdayzoo/lambdas/rotation/SelectRotationHandler.class",
                "io/saturdayzoo/lambdas/rotation/SelectRotationHandler$Request.class",
                "io/saturdayzoo/core/rotation/RotationPolicy.class");

        assertThat(HandlerJar.open(jar).handlerFor("SelectRotationHandler"))
                .isEqualTo("io.saturdayzoo.lambdas.rotation.SelectRotationHandler::handleRequest");
    }

    @Test
    void aMissingOrAmbiguousHandlerIsNamed() throws IOException {
        Path jar = jar("io/saturdayzoo/lambdas/a/EvalGateHandler.class", "io/saturdayzoo/lambdas/b/EvalGateHandler.class");

        assertThatThrownBy(() -> HandlerJar.open(jar).handlerFor("PreflightHandler"))
                .hasMessageContaining("PreflightHandler").hasMessageContaining("found []");
        assertThatThrownBy(() -> HandlerJar.open(jar).handlerFor("EvalGateHandler"))
                .hasMessageContaining("io.saturdayzoo.lambdas.a.EvalGateHandler")
                .hasMessageContaining("io.saturdayzoo.lambdas.b.EvalGateHandler");
    }

    @Test
    void errorNamesIncludeTheQualifiedNameTheJavaRuntimeReports() throws IOException {
        Path jar = jar("io/saturdayzoo/lambdas/validateinput/InvalidInput.class");

        assertThat(HandlerJar.open(jar).errorNames("InvalidInput"))
                .containsExactly("InvalidInput", "io.saturdayzoo.lambdas.validateinput.InvalidInput");
        assertThat(HandlerJar.open(jar).errorNames("SpecsFailed")).containsExactly("SpecsFailed");
    }

    private Path jar(String... entries) throws IOException {
        Path jar = dir.resolve("test.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
