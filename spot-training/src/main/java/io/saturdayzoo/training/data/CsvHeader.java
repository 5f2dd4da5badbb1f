package io.saturdayzoo.training.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The first line of a delimited text file: its delimiter (tab if the line has one, else comma), the column names
 * and where the data starts. The line is read whole, up to {@link #MAX_HEADER_BYTES}; a longer one is refused, never
 * cut. A leading UTF-8 byte order mark (spreadsheet tools write one) is skipped; a UTF-16/32 one is refused. Names
 * must be valid UTF-8, visible ({@link ColumnNames}) and unique; surrounding spaces and double quotes are dropped.
 *
 * @param names     column names in file order ("0", "1", ... for a file without a header line)
 * @param delimiter the field separator byte
 * @param dataStart offset of the first data byte
 */
record CsvHeader(List<String> names, byte delimiter, long dataStart) {
    /** The longest first line read: a million columns with 15-character names. */
    static final int MAX_HEADER_BYTES = 16 << 20;
    private static final int BLOCK_BYTES = 1 << 20;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    static CsvHeader read(Path file, String where, boolean hasHeader) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long afterLine;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            afterLine = size;
            ByteBuffer block = ByteBuffer.allocate((int) Math.min(size, BLOCK_BYTES));
            long pos = 0;
            while (pos < size && line.size() <= MAX_HEADER_BYTES) {
                block.clear();
                int n = ch.read(block, pos);
                if (n < 0) {
                    break;
                }
                int newline = 0;
                while (newline < n && block.get(newline) != '\n') {
                    newline++;
                }
                line.write(block.array(), 0, newline);
                if (newline < n) {
                    afterLine = pos + newline + 1;
                    break;
                }
                pos += n;
            }
        }
        if (line.size() > MAX_HEADER_BYTES) {
            throw new DatasetException(where + ": the first line is longer than " + (MAX_HEADER_BYTES >> 20)
                    + " MiB (" + MAX_HEADER_BYTES + " bytes), the limit for a header line");
        }
        byte[] bytes = line.toByteArray();
        int start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        if (start == 0 && bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || startsWith(bytes, new byte[]{0, 0, (byte) 0xFE, (byte) 0xFF}))) {
            throw new DatasetException(where + ": starts with a UTF-16 or UTF-32 byte order mark: text files must be "
                    + "UTF-8");
        }
        int end = bytes.length > start && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        byte delimiter = '\t';
        int tab = start;
        while (tab < end && bytes[tab] != '\t') {
            tab++;
        }
        if (tab == end) {
            delimiter = ',';
        }
        List<int[]> fields = new ArrayList<>();
        for (int s = start, p = start; p <= end; p++) {
            if (p == end || bytes[p] == delimiter) {
                fields.add(new int[]{s, p});
                s = p + 1;
            }
        }
        List<String> names = new ArrayList<>(fields.size());
        if (!hasHeader) {
            for (int i = 0; i < fields.size(); i++) {
                names.add(Integer.toString(i));
            }
            return new CsvHeader(names, delimiter, start);
        }
        List<String> written = new ArrayList<>(fields.size());
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < fields.size(); i++) {
            int[] f = fields.get(i);
            try {
                CharBuffer name = utf8.reset().decode(ByteBuffer.wrap(bytes, f[0], f[1] - f[0]));
                written.add(name.toString());
            } catch (CharacterCodingException e) {
                throw new DatasetException(where + ": column name at position " + (i + 1) + " ('"
                        + DataErrors.shown(new String(bytes, f[0], f[1] - f[0], StandardCharsets.UTF_8))
                        + "') is not valid UTF-8: text files must be UTF-8");
            }
        }
        ColumnNames.requireVisible(where, written);
        for (String w : written) {
            names.add(w.trim().replace("\"", ""));
        }
        ColumnNames.requireUnique(where, names);
        return new CsvHeader(names, delimiter, afterLine);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length
                && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
