package dev.runnermetrics.exporter.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, read and written with jackson-core's streaming parser and generator only. The sidecar
 * reads and writes its little JSON (job messages, {@code .runner}, the state file) through this so that Jackson's
 * databind (some 500 classes, about 4 MiB of class metadata) is never loaded unless a hub feature needs it.
 *
 * <p>Values: an object is a {@code LinkedHashMap<String, Object>} (file order; a repeated name keeps its first
 * place and its last value), an array an {@code ArrayList<Object>}, a string a {@code String}, an integer a
 * {@code Long} (a {@code BigInteger} beyond), any other number a {@code Double}, {@code true}/{@code false} a
 * {@code Boolean}, null {@code null}: what databind's tree held, so numbers and strings write back as it wrote them.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * The first JSON value of the text; what follows it is not read (as databind's {@code readTree}).
     *
     * @throws IOException when the text does not start with one whole JSON value
     */
    public static Object read(byte[] bytes) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return first(parser);
        }
    }

    /** @see #read(byte[]) */
    public static Object read(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return first(parser);
        }
    }

    /** Compact JSON of a value of the kinds {@link Json} reads (and {@code long[]}), as databind wrote it. */
    public static byte[] write(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            write(gen, value);
        }
        return out.toByteArray();
    }

    /** Writes one JSON value to a generator. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator gen) throws IOException;
    }

    /**
     * Compact JSON streamed by {@code writer}, the same bytes as {@link #write(Object)} of the value it writes, without
     * building that value first (a state file of many runners is megabytes of it).
     */
    public static byte[] stream(Writer writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            writer.write(gen);
        }
        return out.toByteArray();
    }

    /** The value as a JSON string's text when it is a scalar (databind's {@code asText}), else null. */
    public static String text(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                ? String.valueOf(value) : null;
    }

    /** The member {@code name} of an object, null when the value is no object or has no such member. */
    public static Object member(Object object, String name) {
        return object instanceof Map<?, ?> map ? map.get(name) : null;
    }

    private static Object first(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            throw new IOException("no JSON value");
        }
        return value(parser);
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            case START_ARRAY:
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + token);
        }
    }

    /** Writes a value of the kinds {@link Json} reads to a generator, as {@link #write(Object)} does. */
    public static void write(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof Map<?, ?> object) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : object.entrySet()) {
                gen.writeFieldName((String) e.getKey());
                write(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof Iterable<?> array) {
            gen.writeStartArray();
            for (Object item : array) {
                write(gen, item);
            }
            gen.writeEndArray();
        } else if (value instanceof long[] longs) {
            gen.writeArray(longs, 0, longs.length);
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof Double d) {
            gen.writeNumber(d);
        } else if (value instanceof BigInteger big) {
            gen.writeNumber(big);
        } else if (value instanceof BigDecimal big) {
            gen.writeNumber(big);
        } else {
            throw new IOException("not a JSON value: " + value.getClass().getName());
        }
    }
}
