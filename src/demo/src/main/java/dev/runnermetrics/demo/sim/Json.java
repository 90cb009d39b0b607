package dev.runnermetrics.demo.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runner's JSON, written with Jackson: ordered maps, lists, strings, numbers, booleans, null and {@link #raw}
 * numbers. {@link #pretty} is Newtonsoft's indented form as the runner logs it (2 spaces, {@code "key": value},
 * {@code []} and {@code {}} when empty), which Jackson's default pretty printer does not write
 * ({@code "key" : value}, {@code [ ]}).
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(newtonsoftIndented());

    private Json() {
    }

    public static String pretty(Object value) {
        return write(PRETTY, value);
    }

    public static String compact(Object value) {
        return write(COMPACT, value);
    }

    /**
     * A value written as it is: the runner's PipelineContextData holds numbers as doubles ({@code 1.0}), which a
     * Java number would not print the same.
     */
    public static Object raw(String text) {
        return new RawValue(text);
    }

    /** An ordered object from key, value pairs. */
    public static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static DefaultPrettyPrinter newtonsoftIndented() {
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(twoSpaces).withArrayIndenter(twoSpaces);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + value, e);
        }
    }
}
