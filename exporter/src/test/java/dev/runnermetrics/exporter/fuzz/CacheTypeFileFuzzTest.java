package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnermetrics.exporter.steps.CacheType;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user's cache types file (YAML, CACHE_TYPES_FILE) is either read into valid types or refused with an
 * IllegalArgumentException carrying a message (which start-up turns into a configuration error naming the setting);
 * nothing else escapes, whatever the YAML (anchors, tags, deep nesting, odd scalars). Read types have label-safe
 * unique names, at least one hit or miss pattern, and merge with the shipped types with user types first.
 */
class CacheTypeFileFuzzTest {

    private static final List<CacheType> SHIPPED = CacheTypeFile.shipped();

    static Stream<Arguments> fixtures() {
        return Stream.of(Seeds.seed("shipped", Seeds.resource(CacheTypeFile.SHIPPED)),
                Seeds.seed("keyed", ("mine:\n  step: 'docker'\n  request: '^#(?<id>\\d+) \\['\n"
                        + "  hit: '^#(?<id>\\d+) CACHED$'\n  miss: ['^#(?<id>\\d+) DONE', '^#(?<id>\\d+) ERROR']\n")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("fixtures")
    @FuzzTest
    void readsValidTypesOrRefusesWithAMessage(byte[] input) {
        List<CacheType> types;
        try {
            types = CacheTypeFile.parse(new String(input, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            return;
        }
        Set<String> names = new HashSet<>();
        for (CacheType t : types) {
            assertTrue(t.name().matches("[a-z][a-z0-9_]{0,63}"), t.name());
            assertTrue(names.add(t.name()), "duplicate type " + t.name());
            assertTrue(!t.hits().isEmpty() || !t.misses().isEmpty(), t.name() + " recognises nothing");
        }
        List<CacheType> merged = CacheTypeFile.withUserTypes(types, SHIPPED);
        assertEquals(types, merged.subList(0, types.size()));
        Set<String> all = new HashSet<>(names);
        SHIPPED.forEach(t -> all.add(t.name()));
        assertEquals(all.size(), merged.size());
    }
}
