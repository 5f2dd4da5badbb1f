package io.saturdayzoo.local.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where SNS publishes go on a local run: appended to a JSON-lines file (one notification per line, so an operator
 * can read what the topic would have sent) and printed to the console.
 */
public final class NotificationLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One publish: topic, subject, message as sent, and the execution that sent it. */
    public record Notification(String executionId, String state, String topicArn, String subject, String message,
                               Instant publishedAt) {
    }

    private final Path file;
    private final PrintStream console;
    private final List<Notification> published = new ArrayList<>();

    /**
     * @param fileOrNull JSON-lines file to append to, or null to keep notifications in memory only
     * @param consoleOrNull where to print them, or null for silence
     */
    public NotificationLog(Path fileOrNull, PrintStream consoleOrNull) {
        this.file = fileOrNull;
        this.console = consoleOrNull;
    }

    public synchronized void publish(Notification notification) {
        published.add(notification);
        if (file != null) {
            ObjectNode line = JSON.createObjectNode()
                    .put("published_at", notification.publishedAt().toString())
                    .put("execution_id", notification.executionId())
                    .put("state", notification.state())
                    .put("topic_arn", notification.topicArn())
                    .put("subject", notification.subject())
                    .put("message", notification.message());
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to notification log " + file, e);
            }
        }
        if (console != null) {
            console.println("  [notification] " + notification.topicArn() + ": " + notification.subject());
            console.println("  " + notification.message());
        }
    }

    /** Notifications published through this log (this process only). */
    public synchronized List<Notification> published() {
        return List.copyOf(published);
    }

    public Path file() {
        return file;
    }
}
