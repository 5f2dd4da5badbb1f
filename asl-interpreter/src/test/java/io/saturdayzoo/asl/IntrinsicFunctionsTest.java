package io.saturdayzoo.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.intrinsics.IntrinsicFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.saturdayzoo.asl.Asl.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntrinsicFunctionsTest {
    private static final JsonNode DATA = json("""
            {"name":"churn","n":3,"list":[1,2,2,3],"obj":{"a":1},"other":{"b":2},"json":"{\\"k\\":[1]}","csv":"a,b;;c"}""");
    private static final JsonNode CONTEXT = json("{\"Execution\":{\"Name\":\"run-9\"}}");

    private static JsonNode eval(String expression) {
        return IntrinsicFunctions.evaluate(expression, DATA, CONTEXT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            States.Format('spec {} in {} has {} folds', $.name, $$.Execution.Name, $.n)  | "spec churn in run-9 has 3 folds"
            States.Format('literal \\{\\} and \\'quote\\' {}', true)                     | "literal {} and 'quote' true"
            States.StringToJson($.json)                                                  | {"k":[1]}
            States.JsonToString($.obj)                                                   | "{\\"a\\":1}"
            States.Array('a', 1, true, null, $.obj)                                      | ["a",1,true,null,{"a":1}]
            States.ArrayLength($.list)                                                   | 4
            States.ArrayContains($.list, 3)                                              | true
            States.ArrayContains($.list, 9)                                              | false
            States.ArrayGetItem($.list, 3)                                               | 3
            States.ArrayPartition($.list, 3)                                             | [[1,2,2],[3]]
            States.ArrayRange(1, 9, 3)                                                   | [1,4,7]
            States.ArrayUnique($.list)                                                   | [1,2,3]
            States.JsonMerge($.obj, $.other, false)                                      | {"a":1,"b":2}
            States.MathAdd($.n, -5)                                                      | -2
            States.StringSplit($.csv, ',;')                                              | ["a","b","c"]
            States.Base64Encode('zoo')                                                   | "em9v"
            States.Base64Decode('em9v')                                                  | "zoo"
            States.Hash('zoo', 'SHA-256')                                                | "computed below"
            States.ArrayLength(States.Array(1, 2))                                       | 2
            """)
    void evaluates(String expression, String expected) {
        if (expression.startsWith("States.Hash")) {
            // the digest is computed independently here rather than trusted from memory
            assertThat(eval(expression).asText()).isEqualTo(sha256("zoo"));
            return;
        }
        assertThat(eval(expression)).isEqualTo(json(expected));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void uuidIsARandomVersion4Uuid() {
        String first = eval("States.UUID()").asText();
        assertThat(java.util.UUID.fromString(first).version()).isEqualTo(4);
        assertThat(eval("States.UUID()").asText()).isNotEqualTo(first);
    }

    @Test
    void mathRandomWithSeedIsReproducibleAndInRange() {
        int value = eval("States.MathRandom(10, 20, 7)").asInt();
        assertThat(value).isBetween(10, 19).isEqualTo(eval("States.MathRandom(10, 20, 7)").asInt());
    }

    @Test
    void badArgumentsAreIntrinsicFailureNamingTheFunction() {
        assertThatThrownBy(() -> eval("States.ArrayGetItem($.list, 10)")).isInstanceOf(StatesException.class)
                .satisfies(e -> assertThat(((StatesException) e).error()).isEqualTo("States.IntrinsicFailure"))
                .hasMessageContaining("States.ArrayGetItem").hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> eval("States.Format('{} {}', 1)")).hasMessageContaining("more {} placeholders");
        assertThatThrownBy(() -> eval("States.StringToJson($.name)")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> eval("States.Nope(1)")).hasMessageContaining("unknown intrinsic function");
        assertThatThrownBy(() -> eval("States.MathAdd(1, 2")).hasMessageContaining("cannot parse");
    }

    @Test
    void intrinsicsWorkInParametersOfARunningMachine() {
        var r = Asl.run(Asl.single("""
                {"Type":"Pass","Parameters":{"key.$":"States.Format('runs/{}/{}/model.txt', $$.Execution.Name, $.spec)",
                  "parts.$":"States.StringSplit($.spec, '-')"},"End":true}"""), "{\"spec\":\"churn-gbdt\"}");
        assertThat(r.output()).isEqualTo(json("{\"key\":\"runs/run-1/churn-gbdt/model.txt\",\"parts\":[\"churn\",\"gbdt\"]}"));
    }
}
