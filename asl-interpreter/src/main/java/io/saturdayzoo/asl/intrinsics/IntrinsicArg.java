package io.saturdayzoo.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.paths.JsonPaths;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed argument of an intrinsic call. Literal strings keep their raw text so States.Format can tell "\{" from
 * "{".
 */
sealed interface IntrinsicArg {
    JsonNode evaluate(JsonNode data, JsonNode context);

    record Literal(JsonNode value) implements IntrinsicArg {
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            return value;
        }
    }

    record StringLiteral(String raw) implements IntrinsicArg {
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    c = raw.charAt(++i);
                }
                out.append(c);
            }
            return JsonNodeFactory.instance.textNode(out.toString());
        }
    }

    record PathArg(String path) implements IntrinsicArg {
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            return JsonPaths.find(path, data, context).orElseThrow(() -> new StatesException(
                    StatesErrors.INTRINSIC_FAILURE, "path '" + path + "' selects nothing in the input"));
        }
    }

    record Call(String name, List<IntrinsicArg> args) implements IntrinsicArg {
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            List<JsonNode> values = new ArrayList<>();
            for (IntrinsicArg arg : args) {
                values.add(arg.evaluate(data, context));
            }
            try {
                return IntrinsicLibrary.apply(this, values);
            } catch (StatesException e) {
                throw e;
            } catch (RuntimeException e) {
                throw IntrinsicFunctions.failure(name, e.getMessage());
            }
        }
    }
}
