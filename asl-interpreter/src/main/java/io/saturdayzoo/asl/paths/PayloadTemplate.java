package io.saturdayzoo.asl.paths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.intrinsics.IntrinsicFunctions;

import java.util.Iterator;
import java.util.Map;

/**
 * Resolves a Payload Template (Parameters, ItemSelector, ResultSelector): every field whose name ends in ".$" is
 * replaced by the value of its path ("$..." on the data, "$$..." on the context object) or intrinsic function
 * ("States.Format(...)"), and loses the suffix. Other values are copied as they are.
 */
public final class PayloadTemplate {
    private PayloadTemplate() {
    }

    public static JsonNode resolve(JsonNode template, JsonNode data, JsonNode context) {
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                String key = e.getKey();
                if (key.endsWith(".$") && e.getValue().isTextual()) {
                    out.set(key.substring(0, key.length() - 2), evaluate(e.getValue().asText(), data, context, key));
                } else {
                    out.set(key, resolve(e.getValue(), data, context));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            template.forEach(item -> out.add(resolve(item, data, context)));
            return out;
        }
        return template;
    }

    /** One ".$" value: an intrinsic function call or a path. */
    public static JsonNode evaluate(String expression, JsonNode data, JsonNode context, String field) {
        if (IntrinsicFunctions.isIntrinsic(expression)) {
            return IntrinsicFunctions.evaluate(expression, data, context);
        }
        return JsonPaths.read(expression, data, context, field, StatesErrors.PARAMETER_PATH_FAILURE);
    }
}
