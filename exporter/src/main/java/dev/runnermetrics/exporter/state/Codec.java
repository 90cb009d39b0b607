package dev.runnermetrics.exporter.state;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.runnermetrics.exporter.json.Json;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one kind of value of the state file is written (streamed to a generator) and read back from a
 * {@link dev.runnermetrics.exporter.json.Json} value. The rules are those the state file had when Jackson's databind wrote it (so files of either read the same):
 * a missing or null number or flag is 0 or false, a missing object null; a number may be given as a string, a string
 * as any scalar; an instant is ISO text (epoch seconds read too); an enum its name (or index).
 */
interface Codec<T> {

    /**
     * Writes the value as it goes: a large state is never held twice (once as objects, once as JSON values).
     *
     * @param value null writes null
     */
    void write(T value, JsonGenerator gen) throws IOException;

    /** @param json null when the file holds null */
    T read(Object json) throws IOException;

    Codec<String> TEXT = of(v -> v, json -> {
        if (json == null || json instanceof String) {
            return (String) json;
        }
        if (json instanceof Number || json instanceof Boolean) {
            return String.valueOf(json);
        }
        throw new IOException("not text: " + kind(json));
    });

    Codec<Long> LONG = of(v -> v, json -> json == null ? null : number(json).longValue());
    Codec<Long> LONG_VALUE = of(v -> v, json -> json == null ? 0L : number(json).longValue());
    Codec<Integer> INT_VALUE = of(v -> v, json -> json == null ? 0 : number(json).intValue());
    Codec<Double> DOUBLE_VALUE = of(v -> v, json -> json == null ? 0.0 : number(json).doubleValue());
    Codec<Boolean> BOOLEAN = of(v -> v, Codec::bool);
    Codec<Boolean> BOOLEAN_VALUE = of(v -> v, json -> json == null ? Boolean.FALSE : bool(json));

    Codec<long[]> LONGS = of(v -> v, json -> {
        if (json == null) {
            return null;
        }
        if (!(json instanceof List<?> list)) {
            throw new IOException("not an array: " + kind(json));
        }
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i) == null ? 0 : number(list.get(i)).longValue();
        }
        return values;
    });

    Codec<Instant> INSTANT = of(v -> v == null ? null : v.toString(), json -> {
        if (json == null) {
            return null;
        }
        if (json instanceof String s) {
            String text = s.trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IOException("not an instant: " + text);
            }
        }
        if (json instanceof Long || json instanceof BigInteger) {
            return Instant.ofEpochSecond(((Number) json).longValue());
        }
        if (json instanceof Double d) {
            BigDecimal seconds = BigDecimal.valueOf(d);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.subtract(new BigDecimal(seconds.toBigInteger())).movePointRight(9).intValue());
        }
        throw new IOException("not an instant: " + kind(json));
    });

    /** Any JSON value, kept as it is (a feature's part). */
    Codec<Object> ANY = of(v -> v, json -> json);

    static <E extends Enum<E>> Codec<E> enumOf(Class<E> type) {
        return of(v -> v == null ? null : v.name(), json -> {
            if (json == null) {
                return null;
            }
            E[] values = type.getEnumConstants();
            if (json instanceof Long index && index >= 0 && index < values.length) {
                return values[index.intValue()];
            }
            if (json instanceof String name) {
                for (E value : values) {
                    if (value.name().equals(name)) {
                        return value;
                    }
                }
            }
            throw new IOException("not a " + type.getSimpleName() + ": " + json);
        });
    }

    /** A map by name, read in file order (a {@code LinkedHashMap}, as databind made it). */
    static <V> Codec<Map<String, V>> mapOf(Codec<V> values) {
        return streamed(json -> {
            if (json == null) {
                return null;
            }
            if (!(json instanceof Map<?, ?> object)) {
                throw new IOException("not an object: " + kind(json));
            }
            Map<String, V> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : object.entrySet()) {
                map.put((String) e.getKey(), values.read(e.getValue()));
            }
            return map;
        }, (map, gen) -> {
            gen.writeStartObject();
            for (Map.Entry<String, V> e : map.entrySet()) {
                gen.writeFieldName(e.getKey());
                values.write(e.getValue(), gen);
            }
            gen.writeEndObject();
        });
    }

    /** A list, read as an {@code ArrayList}. */
    static <V> Codec<List<V>> listOf(Codec<V> items) {
        return streamed(json -> items(json, items, new ArrayList<>()), (list, gen) -> items(list, items, gen));
    }

    /** A set, read as a {@code HashSet} (as databind made it: it is written in that set's order). */
    static <V> Codec<Set<V>> setOf(Codec<V> items) {
        return streamed(json -> items(json, items, new HashSet<>()), (set, gen) -> items(set, items, gen));
    }

    /**
     * A record, written component by component in declaration order and made again through its canonical
     * constructor, each component by the codec its type has here; a component the file lacks is null, 0 or false.
     */
    static <R extends Record> Codec<R> record(Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        List<Codec<Object>> codecs = new ArrayList<>();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            codecs.add(scalar(types[i]));
        }
        Constructor<R> constructor;
        try {
            constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return streamed(json -> {
            if (json == null) {
                return null;
            }
            if (!(json instanceof Map<?, ?> object)) {
                throw new IOException("not an object: " + kind(json));
            }
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = codecs.get(i).read(object.get(components[i].getName()));
            }
            try {
                return constructor.newInstance(args);
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw new IOException("not a " + type.getSimpleName() + ": " + e.getCause().getMessage());
            }
        }, (value, gen) -> {
            gen.writeStartObject();
            for (int i = 0; i < components.length; i++) {
                gen.writeFieldName(components[i].getName());
                Object component;
                try {
                    component = components[i].getAccessor().invoke(value);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
                codecs.get(i).write(component, gen);
            }
            gen.writeEndObject();
        });
    }

    /** The codec of a record component's type: the scalars the state file's records hold. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Codec<Object> scalar(Class<?> type) {
        Codec<?> codec;
        if (type == String.class) {
            codec = TEXT;
        } else if (type == long.class) {
            codec = LONG_VALUE;
        } else if (type == int.class) {
            codec = INT_VALUE;
        } else if (type == boolean.class) {
            codec = BOOLEAN_VALUE;
        } else if (type == Instant.class) {
            codec = INSTANT;
        } else if (type.isEnum()) {
            codec = enumOf((Class) type);
        } else {
            throw new IllegalArgumentException("no state file codec for " + type);
        }
        return (Codec<Object>) codec;
    }

    private static <V, C extends java.util.Collection<V>> C items(Object json, Codec<V> items, C into)
            throws IOException {
        if (json == null) {
            return null;
        }
        if (!(json instanceof List<?> list)) {
            throw new IOException("not an array: " + kind(json));
        }
        for (Object item : list) {
            into.add(items.read(item));
        }
        return into;
    }

    private static Boolean bool(Object json) throws IOException {
        if (json == null || json instanceof Boolean) {
            return (Boolean) json;
        }
        if (json instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.valueOf(s);
        }
        throw new IOException("not a flag: " + kind(json));
    }

    private static Number number(Object json) throws IOException {
        if (json instanceof Number n) {
            return n;
        }
        if (json instanceof String s) {
            try {
                String text = s.trim();
                return text.matches("-?\\d+") ? (Number) Long.valueOf(text) : Double.valueOf(text);
            } catch (NumberFormatException e) {
                throw new IOException("not a number: " + s);
            }
        }
        throw new IOException("not a number: " + kind(json));
    }

    private static String kind(Object json) {
        return json instanceof Map ? "object" : json instanceof List ? "array" : String.valueOf(json);
    }

    /** Reading a value that may fail. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Object json) throws IOException;
    }

    /** Streaming a non-null value that may fail. */
    @FunctionalInterface
    interface Streamer<T> {
        void write(T value, JsonGenerator gen) throws IOException;
    }

    /** A codec of an object or collection: {@code stream} writes a value that is not null. */
    static <T> Codec<T> streamed(Reader<T> read, Streamer<T> stream) {
        return new Codec<>() {
            @Override
            public T read(Object json) throws IOException {
                return read.read(json);
            }

            @Override
            public void write(T value, JsonGenerator gen) throws IOException {
                if (value == null) {
                    gen.writeNull();
                } else {
                    stream.write(value, gen);
                }
            }
        };
    }

    private static <V> void items(java.util.Collection<V> items, Codec<V> codec, JsonGenerator gen)
            throws IOException {
        gen.writeStartArray();
        for (V item : items) {
            codec.write(item, gen);
        }
        gen.writeEndArray();
    }

    /** A codec of a scalar (or a small value): {@code write} gives the JSON value it is written as. */
    static <T> Codec<T> of(java.util.function.Function<T, Object> write, Reader<T> read) {
        return streamed(read, (value, gen) -> Json.write(gen, write.apply(value)));
    }
}
