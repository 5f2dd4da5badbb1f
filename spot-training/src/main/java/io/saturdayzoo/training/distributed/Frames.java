package io.saturdayzoo.training.distributed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages on a {@link PeerLink} line: one type byte, the payload's length, the payload. Written whole under the
 * line's lock, so the heartbeat never splits a message of the training thread.
 */
final class Frames {
    static final byte HELLO = 1;      // node -> main: its index and model network port
    static final byte MACHINES = 2;   // main -> node: every node's model network address, by index
    static final byte HEARTBEAT = 3;  // both ways, while neither has finished
    static final byte PART = 4;       // node -> main: its part of one gathered step
    static final byte ALL = 5;        // main -> node: every node's part of that step, by index
    static final byte DONE = 6;       // both ways: this side finished training; its line closing is no loss
    static final byte FAILED = 7;     // both ways: this side failed (exit code, one line); the others stop too

    /** Longest failure message sent: one line for a log, not a stack trace. */
    private static final int MESSAGE_LIMIT = 2_000;

    record Frame(byte type, byte[] payload) {
        DataInputStream body() {
            return new DataInputStream(new ByteArrayInputStream(payload));
        }
    }

    private Frames() {
    }

    static void write(DataOutputStream out, byte type, byte[] payload) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
        }
    }

    static Frame read(DataInputStream in) throws IOException {
        byte type = in.readByte();
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("malformed message: length " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** A payload written through a DataOutputStream. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] payload(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail to take bytes
        }
        return bytes.toByteArray();
    }

    static byte[] hello(int index, int port) {
        return payload(out -> {
            out.writeInt(index);
            out.writeInt(port);
        });
    }

    static byte[] machines(List<String> machines) {
        return payload(out -> {
            out.writeInt(machines.size());
            for (String m : machines) {
                out.writeUTF(m);
            }
        });
    }

    static List<String> machines(Frame frame) throws IOException {
        DataInputStream in = frame.body();
        int n = in.readInt();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }

    static byte[] part(String step, byte[] part) {
        return payload(out -> {
            out.writeUTF(step);
            out.writeInt(part.length);
            out.write(part);
        });
    }

    static byte[] all(String step, List<byte[]> parts) {
        return payload(out -> {
            out.writeUTF(step);
            out.writeInt(parts.size());
            for (byte[] p : parts) {
                out.writeInt(p.length);
                out.write(p);
            }
        });
    }

    /** The step's name and its parts (one for PART, every node's for ALL). */
    record Gathered(String step, List<byte[]> parts) {
    }

    static Gathered gathered(Frame frame) throws IOException {
        DataInputStream in = frame.body();
        String step = in.readUTF();
        List<byte[]> parts = new ArrayList<>();
        int n = frame.type() == PART ? 1 : in.readInt();
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[in.readInt()];
            in.readFully(p);
            parts.add(p);
        }
        return new Gathered(step, parts);
    }

    static byte[] failed(int exitCode, String message) {
        String line = message == null ? "" : message.replaceAll("\\s*\\R\\s*", "; ");
        String cut = line.length() > MESSAGE_LIMIT ? line.substring(0, MESSAGE_LIMIT) + "..." : line;
        return payload(out -> {
            out.writeInt(exitCode);
            out.writeUTF(cut);
        });
    }
}
