package io.saturdayzoo.local;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class BackgroundTest {

    @Test
    void theWorksValueComesBack() {
        assertThat(Background.start("background-value", () -> "definition").await()).isEqualTo("definition");
    }

    @Test
    void aValueAlreadyAtHandComesBackAsItIs() {
        assertThat(Background.done("definition").await()).isEqualTo("definition");
    }

    @Test
    void theWorkRunsOnADaemonThreadOfTheGivenName() {
        AtomicReference<Thread> worker = new AtomicReference<>();

        Background.start("background-name", () -> {
            worker.set(Thread.currentThread());
            return null;
        }).await();

        assertThat(worker.get()).isNotSameAs(Thread.currentThread());
        assertThat(worker.get().getName()).isEqualTo("background-name");
        assertThat(worker.get().isDaemon()).isTrue();
    }

    @Test
    void aRuntimeExceptionThrownInTheBackgroundIsRethrownAsTheSameInstance() {
        IllegalStateException thrown = new IllegalStateException("table refused");
        Background<String> failing = Background.start("background-failure", () -> {
            throw thrown;
        });

        assertThat(catchThrowable(failing::await)).isSameAs(thrown);
    }

    @Test
    void anErrorThrownInTheBackgroundIsRethrownAsTheSameInstance() {
        Error thrown = new Error("synthesis failed");
        Background<String> failing = Background.start("background-error", () -> {
            throw thrown;
        });

        assertThat(catchThrowable(failing::await)).isSameAs(thrown);
    }
}
