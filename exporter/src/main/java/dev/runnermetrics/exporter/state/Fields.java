package dev.runnermetrics.exporter.state;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fields of one part of the state file, each declared once (name, codec, how it is read from and set on the
 * part's class): written in declaration order, every field, null ones too; read into a new instance whose field
 * initialisers are the defaults for what an older file lacks. A name the file has and no field declares is skipped
 * (files of later versions load); a field declared {@link #readOnly} is read from older files, never written.
 */
final class Fields<S> implements Codec<S> {

    private record Field<S, V>(String name, Codec<V> codec, Function<S, V> get, BiConsumer<S, V> set,
            boolean written) {
    }

    private final Supplier<S> create;
    private final List<Field<S, ?>> fields = new ArrayList<>();

    Fields(Supplier<S> create) {
        this.create = create;
    }

    <V> Fields<S> add(String name, Codec<V> codec, Function<S, V> get, BiConsumer<S, V> set) {
        fields.add(new Field<>(name, codec, get, set, true));
        return this;
    }

    /** A field of older files: read and handed on, not written again. */
    <V> Fields<S> readOnly(String name, Codec<V> codec, BiConsumer<S, V> set) {
        fields.add(new Field<>(name, codec, s -> null, set, false));
        return this;
    }

    @Override
    public void write(S value, JsonGenerator gen) throws IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartObject();
        for (Field<S, ?> field : fields) {
            if (field.written()) {
                gen.writeFieldName(field.name());
                streamField(field, value, gen);
            }
        }
        gen.writeEndObject();
    }

    @Override
    public S read(Object json) throws IOException {
        if (json == null) {
            return null;
        }
        if (!(json instanceof Map<?, ?> object)) {
            throw new IOException("not an object");
        }
        S value = create.get();
        for (Field<S, ?> field : fields) {
            if (object.containsKey(field.name())) {
                readField(field, value, object.get(field.name()));
            }
        }
        return value;
    }

    private static <S, V> void streamField(Field<S, V> field, S value, JsonGenerator gen) throws IOException {
        field.codec().write(field.get().apply(value), gen);
    }

    private static <S, V> void readField(Field<S, V> field, S value, Object json) throws IOException {
        field.set().accept(value, field.codec().read(json));
    }
}
