package io.saturdayzoo.asl.intrinsics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one intrinsic call. Hand-written: no library parses this call syntax. Arguments are 'strings', numbers,
 * true/false/null, paths and nested calls.
 */
final class IntrinsicParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private int pos;

    IntrinsicParser(String text) {
        this.text = text;
    }

    IntrinsicArg.Call call() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        String name = text.substring(start, pos);
        skipSpaces();
        expect('(');
        List<IntrinsicArg> args = new ArrayList<>();
        skipSpaces();
        if (peek() == ')') {
            pos++;
            return new IntrinsicArg.Call(name, args);
        }
        while (true) {
            skipSpaces();
            args.add(arg());
            skipSpaces();
            char c = peek();
            pos++;
            if (c == ')') {
                return new IntrinsicArg.Call(name, args);
            }
            if (c != ',') {
                throw syntax("expected ',' or ')'");
            }
        }
    }

    private IntrinsicArg arg() {
        char c = peek();
        if (c == '\'') {
            pos++;
            StringBuilder raw = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != '\'') {
                if (text.charAt(pos) == '\\' && pos + 1 < text.length()) {
                    raw.append(text.charAt(pos++));
                }
                raw.append(text.charAt(pos++));
            }
            expect('\'');
            return new IntrinsicArg.StringLiteral(raw.toString());
        }
        if (c == '$') {
            return new IntrinsicArg.PathArg(pathToken());
        }
        if (text.startsWith("States.", pos)) {
            return call();
        }
        String token = plainToken();
        switch (token) {
            case "true", "false" -> {
                return new IntrinsicArg.Literal(NODES.booleanNode(Boolean.parseBoolean(token)));
            }
            case "null" -> {
                return new IntrinsicArg.Literal(NODES.nullNode());
            }
            default -> {
                try {
                    new BigDecimal(token); // rejects anything that is not a number
                    return new IntrinsicArg.Literal(MAPPER.readTree(token));
                } catch (JsonProcessingException | NumberFormatException e) {
                    throw syntax("unexpected argument '" + token + "'");
                }
            }
        }
    }

    /** A path runs to the next top-level ',' or ')'; brackets and quotes inside it are skipped over. */
    private String pathToken() {
        int start = pos;
        int depth = 0;
        char quote = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || (c == ')' && depth > 0)) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ')')) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos).trim();
    }

    private String plainToken() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
            pos++;
        }
        return text.substring(start, pos).trim();
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw syntax("unexpected end");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw syntax("expected '" + c + "'");
        }
        pos++;
    }

    void expectEnd() {
        skipSpaces();
        if (pos != text.length()) {
            throw syntax("unexpected text after the call");
        }
    }

    private StatesException syntax(String why) {
        return new StatesException(StatesErrors.INTRINSIC_FAILURE,
                "cannot parse intrinsic function '" + text + "' at position " + pos + ": " + why);
    }
}
